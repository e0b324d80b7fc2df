"""Scheduling sessions of a training: create, change, cancel, and the automatic cancelling of
sessions too few members enrolled in. Staff only; every change is in the audit log."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fabdesk.core.errors import Conflict, Forbidden, Invalid
from fabdesk.core.services import audit_record
from fabdesk.equipment.models import Space

from .enrolment_services import LIVE, seats_taken, waitlist_promote
from .models import Enrolment, Training, TrainingSession
from .session_notify import session_notify
from .session_permissions import can_manage_sessions
from .session_selectors import session_for_update
from .signals import enrolment_cancelled

SESSION_FIELDS = ["starts_at", "ends_at", "trainer", "space", "place", "capacity", "notes"]
# A change of these tells the members enrolled (the date or the place moved).
NOTIFIED_FIELDS = {"starts_at", "ends_at", "space", "place"}


def _check_staff(actor, training: Training) -> None:
    if not can_manage_sessions(actor, training.lab_id):
        raise Forbidden(_("Only the lab's staff can do this."), code="staff_only")


def _check_trainer(trainer, training: Training) -> None:
    """A session is led by the lab's staff or one of the training's volunteer trainers."""
    if trainer is None:
        return
    if trainer.lab_id != training.lab_id or not trainer.is_active:
        raise Invalid(
            _("The trainer must be an active person of the lab."),
            code="bad_trainer",
            field="trainer",
        )
    if can_manage_sessions(trainer, training.lab_id):
        return
    if not training.trainers.filter(pk=trainer.pk).exists():
        raise Invalid(
            _(
                "%(person)s is not one of the volunteer trainers of “%(training)s”: add them to "
                "the training first, or choose a member of staff."
            )
            % {"person": trainer, "training": training.title},
            code="bad_trainer",
            field="trainer",
        )


def _check_fields(training: Training, data: dict) -> None:
    starts_at, ends_at = data["starts_at"], data["ends_at"]
    if ends_at <= starts_at:
        raise Invalid(_("The session must end after it starts."), code="bad_dates", field="ends_at")
    space = data.get("space")
    if space is not None and space.lab_id != training.lab_id:
        raise Invalid(_("Choose a space of the lab."), code="bad_space", field="space")
    if space is None and not data.get("place", "").strip():
        raise Invalid(
            _("Say where the session takes place: a space of the lab, or another place."),
            code="no_place",
            field="place",
        )
    if data["capacity"] is None or data["capacity"] < 1:
        raise Invalid(_("A session has at least one seat."), code="bad_capacity", field="capacity")
    _check_trainer(data.get("trainer"), training)


@transaction.atomic
def session_create(
    *,
    actor,
    training: Training,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    trainer=None,
    space: Space | None = None,
    place: str = "",
    capacity: int | None = None,
    notes: str = "",
) -> TrainingSession:
    """Schedule a session. It ends after the training's duration and has as many seats as the
    training's maximum unless said otherwise."""
    _check_staff(actor, training)
    if not training.is_active:
        raise Invalid(_("This training is no longer offered."), code="training_inactive")
    if starts_at <= timezone.now():
        raise Invalid(
            _("A new session must start in the future."), code="session_past", field="starts_at"
        )
    data = {
        "starts_at": starts_at,
        "ends_at": ends_at or starts_at + dt.timedelta(minutes=training.duration_minutes),
        "trainer": trainer,
        "space": space,
        "place": place.strip(),
        "capacity": capacity if capacity is not None else training.max_participants,
        "notes": notes,
    }
    _check_fields(training, data)
    session = TrainingSession.objects.create(training=training, **data)
    audit_record(
        actor=actor,
        target=session,
        action="training.session_created",
        changes={"starts_at": [None, starts_at.isoformat()], "capacity": [None, data["capacity"]]},
    )
    return session


def _shown(value) -> str | int | None:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if value is None or isinstance(value, int):
        return value
    return str(value)


@transaction.atomic
def session_update(*, actor, session: TrainingSession, data: dict) -> TrainingSession:
    """Change a session's dates, trainer, place, seats or notes. Seats cannot go below the
    members already enrolled; more seats go to the waitlist. Enrolled members are told when the
    date or the place changes."""
    _check_staff(actor, session.training)
    session = session_for_update(session_id=session.pk)
    if session.status == TrainingSession.Status.CANCELLED:
        raise Conflict(_("This session was cancelled."), code="session_cancelled")
    merged = {name: data.get(name, getattr(session, name)) for name in SESSION_FIELDS}
    merged["place"] = (merged["place"] or "").strip()
    _check_fields(session.training, merged)
    taken = seats_taken(session)
    if merged["capacity"] < taken:
        raise Invalid(
            _("%(count)d members are already enrolled: keep at least as many seats.")
            % {"count": taken},
            code="capacity_below_enrolled",
            field="capacity",
        )
    changes = {
        name: [_shown(getattr(session, name)), _shown(value)]
        for name, value in merged.items()
        if getattr(session, name) != value
    }
    if not changes:
        return session
    for name, value in merged.items():
        setattr(session, name, value)
    session.save(update_fields=list(changes))
    audit_record(actor=actor, target=session, action="training.session_changed", changes=changes)
    if NOTIFIED_FIELDS & changes.keys():
        for enrolment in session.enrolments.filter(status__in=LIVE).select_related("member"):
            session_notify(
                recipient=enrolment.member, kind="training.session_changed", session=session
            )
    waitlist_promote(session=session)
    return session


def _cancel(*, actor, session: TrainingSession, reason: str, auto: bool = False) -> list[Enrolment]:
    """Cancel a locked session and every live enrolment in it; tell each member, and the
    trainer unless they cancelled it themself."""
    now = timezone.now()
    session.status, session.cancel_reason = TrainingSession.Status.CANCELLED, reason
    session.save(update_fields=["status", "cancel_reason"])
    live = list(session.enrolments.filter(status__in=LIVE).select_related("member"))
    Enrolment.objects.filter(pk__in=[e.pk for e in live]).update(
        status=Enrolment.Status.CANCELLED, cancelled_at=now
    )
    for enrolment in live:
        enrolment_cancelled.send(sender=Enrolment, enrolment=enrolment, actor=actor, by_lab=True)
    audit_record(
        actor=actor,
        target=session,
        action="training.session_cancelled",
        changes={"status": [TrainingSession.Status.SCHEDULED, session.status]},
        reason=reason,
    )
    for enrolment in live:
        session_notify(
            recipient=enrolment.member,
            kind="training.session_cancelled",
            session=session,
            reason=reason,
            auto=auto,
            was_waitlisted=enrolment.status == Enrolment.Status.WAITLISTED,
        )
    if session.trainer is not None and session.trainer_id != getattr(actor, "pk", None):
        session_notify(
            recipient=session.trainer,
            kind="training.session_cancelled",
            session=session,
            reason=reason,
            auto=auto,
            for_trainer=True,
        )
    return live


@transaction.atomic
def session_cancel(*, actor, session: TrainingSession, reason: str) -> TrainingSession:
    """Cancel a session that has not started (staff, with a reason the members will read);
    every member enrolled or waiting is told and their enrolment cancelled."""
    _check_staff(actor, session.training)
    reason = reason.strip()
    if not reason:
        raise Invalid(
            _("Say why the session is cancelled: the members will read it."),
            code="reason_required",
            field="reason",
        )
    session = session_for_update(session_id=session.pk)
    if session.status == TrainingSession.Status.CANCELLED:
        raise Conflict(_("This session is already cancelled."), code="already_cancelled")
    if session.starts_at <= timezone.now():
        raise Invalid(
            _("This session has already started: it can no longer be cancelled."),
            code="session_past",
        )
    _cancel(actor=actor, session=session, reason=reason)
    return session


def auto_cancel_due(session: TrainingSession, *, now: dt.datetime) -> bool:
    """Is the session now inside its training's auto-cancel window?"""
    hours = session.training.auto_cancel_hours
    return (
        hours is not None
        and session.status == TrainingSession.Status.SCHEDULED
        and session.starts_at - dt.timedelta(hours=hours) <= now < session.starts_at
    )


def sessions_auto_cancel(*, now: dt.datetime | None = None) -> list[TrainingSession]:
    """Cancel every scheduled session that, `auto_cancel_hours` before its start, has fewer
    members enrolled than its training's minimum; tell them. Run hourly (`fabdesk
    training-auto-cancel`); safe to run as often as you like. Each session is decided in its
    own transaction, its row locked, so an enrolment at the same moment is counted."""
    now = now or timezone.now()
    longest = Training.objects.aggregate(hours=Max("auto_cancel_hours"))["hours"]
    if longest is None:
        return []
    candidates = TrainingSession.objects.filter(
        status=TrainingSession.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + dt.timedelta(hours=longest),
        training__auto_cancel_hours__isnull=False,
    ).values_list("pk", flat=True)
    cancelled = []
    for pk in list(candidates):
        with transaction.atomic():
            session = session_for_update(session_id=pk)
            if not auto_cancel_due(session, now=now):
                continue
            if seats_taken(session) >= session.training.min_participants:
                continue
            with translation.override(settings.LANGUAGE_CODE):  # the lab's language
                reason = _("Too few participants: fewer than %(count)d enrolled.") % {
                    "count": session.training.min_participants
                }
            _cancel(actor=None, session=session, reason=reason, auto=True)
            cancelled.append(session)
    return cancelled
