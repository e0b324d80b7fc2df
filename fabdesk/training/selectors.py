"""Reads of the training catalogue: the trainings with what they unlock and cost, their next
sessions with the seats left, who may see a training and its teaching pack."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from fabdesk.core.models import Lab
from fabdesk.equipment.models import Machine, MachineStatus
from fabdesk.members.models import MemberGroup
from fabdesk.members.permissions import is_staff

from .models import (
    Certification,
    Enrolment,
    SessionStatus,
    Training,
    TrainingPrice,
    TrainingSession,
)
from .session_selectors import with_counts

SESSIONS_SHOWN = 3


def training_list(*, lab: Lab, include_inactive: bool = False) -> QuerySet[Training]:
    """The lab's trainings in their order, with what they unlock, need and cost."""
    qs = Training.objects.filter(lab=lab).prefetch_related(
        Prefetch(
            "machines",
            queryset=Machine.objects.exclude(status=MachineStatus.RETIRED).order_by("name"),
        ),
        "categories",
        "prerequisites",
        Prefetch("prices", queryset=TrainingPrice.objects.select_related("member_group")),
    )
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("position", "title")


def training_get(*, lab: Lab, training_id: int, viewer) -> Training:
    """A training of the lab, or 404 (also for another lab's, and for one no longer offered
    unless the viewer is staff)."""
    training = (
        training_list(lab=lab, include_inactive=True)
        .select_related("lab")
        .prefetch_related("trainers")
        .filter(pk=training_id)
        .first()
    )
    if training is None or not (training.is_active or is_staff(viewer)):
        raise Http404
    return training


def training_get_for_staff(*, viewer, training_id: int) -> Training:
    if not is_staff(viewer):
        raise PermissionDenied
    return training_get(lab=viewer.lab, training_id=training_id, viewer=viewer)


def sessions_upcoming(
    *,
    trainings: Iterable[Training],
    now: dt.datetime | None = None,
    per_training: int = SESSIONS_SHOWN,
) -> dict[int, list[TrainingSession]]:
    """{training id: its next scheduled sessions}, each with `seats_left` (0 when full: the
    waitlist is open). One query whatever the number of trainings."""
    ids = [training.pk for training in trainings]
    if not ids:
        return {}
    sessions = with_counts(
        TrainingSession.objects.filter(
            training_id__in=ids,
            status=SessionStatus.SCHEDULED,
            starts_at__gt=now or timezone.now(),
        )
    ).order_by("starts_at", "pk")
    found: dict[int, list[TrainingSession]] = defaultdict(list)
    for session in sessions:
        if len(found[session.training_id]) < per_training:
            session.seats_left = max(0, session.capacity - session.enrolled_count)
            found[session.training_id].append(session)
    return found


def price_group_id(*, lab: Lab, user) -> int | None:
    """The member group whose prices a person sees: their own, or the lab's default group
    for a visitor."""
    if getattr(user, "is_authenticated", False) and user.lab_id == lab.pk:
        return user.member_group_id
    return MemberGroup.objects.filter(lab=lab, is_default=True).values_list("pk", flat=True).first()


def can_see_teaching_pack(user, training: Training) -> bool:
    """The lab's staff, the training's volunteer trainers, members who hold or held its
    certification, and members enrolled (or waitlisted) in one of its coming sessions."""
    if not getattr(user, "is_authenticated", False) or user.lab_id != training.lab_id:
        return False
    if is_staff(user) or training.trainers.filter(pk=user.pk).exists():
        return True
    if Certification.objects.filter(member=user, training=training).exists():
        return True
    return Enrolment.objects.filter(
        member=user,
        session__training=training,
        session__status=SessionStatus.SCHEDULED,
        status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED],
    ).exists()
