"""Members taking a seat in a session, the waitlist, cancelling and promotion.

The session row is locked (`select_for_update`) while seats are counted, so the last seat is
never given twice. Prerequisites are asked of `certification_state`, the one rule, at the
session's start. Notifications leave after the transaction commits (notify's mail does)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fabdesk.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from fabdesk.core.services import audit_record

from .certification_check import account_refusals, certification_state
from .models import Enrolment, TrainingPrice, TrainingSession
from .session_notify import session_notify
from .session_permissions import can_manage_sessions
from .session_selectors import session_for_update
from .signals import enrolment_cancelled, enrolment_confirmed

LIVE = [Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED]


def _local(moment: dt.datetime, session: TrainingSession) -> str:
    local = timezone.localtime(moment, session.training.lab.tzinfo)
    return date_format(local, "DATETIME_FORMAT")


def cancel_deadline(session: TrainingSession) -> dt.datetime:
    """Until when a member may give up their seat themself."""
    return session.starts_at - dt.timedelta(hours=session.training.cancel_deadline_hours)


def enrolment_refusal(*, member, session: TrainingSession, now: dt.datetime) -> DomainError | None:
    """Why `member` may not enrol in `session` now (None: they may). The enrol service raises
    it; the session page shows it instead of the button."""
    for refusal in account_refusals(member):
        return Forbidden(refusal.message, code=refusal.code)
    if session.status != TrainingSession.Status.SCHEDULED:
        return Invalid(_("This session was cancelled."), code="session_cancelled")
    if session.starts_at <= now:
        return Invalid(
            _("This session has already started: you can no longer enrol."), code="session_past"
        )
    for prerequisite in session.training.prerequisites.all():
        _cert, refusal = certification_state(
            member=member, training=prerequisite, at=session.starts_at
        )
        if refusal is not None:
            return Invalid(
                _(
                    "This training needs “%(prerequisite)s” first, valid on the day of the "
                    "session. %(why)s"
                )
                % {"prerequisite": prerequisite.title, "why": refusal.message},
                code="prerequisite_missing",
            )
    return None


def enrolment_price_for(member, session: TrainingSession):
    """What the member's group pays for the session's training (None: no price set); stored on
    the enrolment, and what billing charges."""
    return (
        TrainingPrice.objects.filter(
            training_id=session.training_id, member_group_id=member.member_group_id
        )
        .values_list("amount", flat=True)
        .first()
    )


def seats_taken(session: TrainingSession) -> int:
    return session.enrolments.filter(status=Enrolment.Status.ENROLLED).count()


@transaction.atomic
def enrolment_create(*, actor, session: TrainingSession, member) -> Enrolment:
    """Give `member` a seat in `session`, or a place on its waitlist when it is full.

    A member enrols themself; the lab's staff may add any member of the lab (prerequisites
    still apply: grant the missing certification first, with its reason). Staff may also add
    a walk-in to a session that has started: they get a seat whatever the capacity."""
    if actor.pk != member.pk and not can_manage_sessions(actor, session.training.lab_id):
        raise Forbidden(_("Only the lab's staff can enrol someone else."), code="staff_only")
    if member.lab_id != session.training.lab_id:
        raise NotFound(_("This session does not exist."), code="not_found")
    session = session_for_update(session_id=session.pk)
    now = timezone.now()
    walk_in = actor.pk != member.pk and session.starts_at <= now
    refusal = enrolment_refusal(member=member, session=session, now=now)
    if refusal is not None and not (walk_in and refusal.code == "session_past"):
        raise refusal
    if session.enrolments.filter(member=member, status__in=LIVE).exists():
        raise Conflict(
            _("%(member)s is already enrolled in this session.") % {"member": member}
            if actor.pk != member.pk
            else _("You are already enrolled in this session."),
            code="already_enrolled",
        )
    full = seats_taken(session) >= session.capacity and not walk_in
    enrolment = Enrolment.objects.create(
        session=session,
        member=member,
        status=Enrolment.Status.WAITLISTED if full else Enrolment.Status.ENROLLED,
        price=enrolment_price_for(member, session),
    )
    if actor.pk != member.pk:
        audit_record(
            actor=actor,
            target=member,
            action="training.enrolment_added",
            changes={"session": [None, str(session)], "status": [None, enrolment.status]},
        )
    session_notify(
        recipient=member,
        kind="training.waitlisted" if full else "training.enrolled",
        session=session,
        enrolment=enrolment,
        position=waitlist_position(enrolment) if full else None,
    )
    if not full:
        enrolment_confirmed.send(sender=Enrolment, enrolment=enrolment, actor=actor)
    return enrolment


def waitlist_position(enrolment: Enrolment) -> int | None:
    """1 for the first in line; None when the enrolment is not on the waitlist."""
    if enrolment.status != Enrolment.Status.WAITLISTED:
        return None
    ahead = (
        enrolment.session.enrolments.filter(status=Enrolment.Status.WAITLISTED)
        .filter(created_at__lt=enrolment.created_at)
        .count()
        + enrolment.session.enrolments.filter(
            status=Enrolment.Status.WAITLISTED, created_at=enrolment.created_at, pk__lt=enrolment.pk
        ).count()
    )
    return ahead + 1


def waitlist_promote(*, session: TrainingSession) -> list[Enrolment]:
    """Give the free seats of a (locked) session to the first on its waitlist, in the order
    they joined, who may still enrol (a prerequisite lost or an account suspended since they
    joined keeps them waiting); tell each of them. Nothing moves once the session started."""
    now = timezone.now()
    if session.status != TrainingSession.Status.SCHEDULED or session.starts_at <= now:
        return []
    free = session.capacity - seats_taken(session)
    promoted: list[Enrolment] = []
    waiting = (
        session.enrolments.filter(status=Enrolment.Status.WAITLISTED)
        .select_related("member")
        .order_by("created_at", "id")
    )
    for enrolment in waiting:
        if len(promoted) >= free:
            break
        if enrolment_refusal(member=enrolment.member, session=session, now=now) is not None:
            continue
        enrolment.status = Enrolment.Status.ENROLLED
        enrolment.save(update_fields=["status"])
        session_notify(
            recipient=enrolment.member,
            kind="training.promoted",
            session=session,
            enrolment=enrolment,
        )
        enrolment_confirmed.send(sender=Enrolment, enrolment=enrolment, actor=None)  # the lab
        promoted.append(enrolment)
    return promoted


@transaction.atomic
def enrolment_cancel(*, actor, enrolment: Enrolment, reason: str = "") -> Enrolment:
    """Give up a seat (or a place on the waitlist). A member may cancel their own seat until
    the training's deadline before the start, and leave the waitlist until the start; the
    lab's staff may cancel anyone's at any time before the start. A seat freed goes to the
    first on the waitlist."""
    session = session_for_update(session_id=enrolment.session_id)
    enrolment = Enrolment.objects.select_for_update().select_related("member").get(pk=enrolment.pk)
    staff = can_manage_sessions(actor, session.training.lab_id)
    if enrolment.member_id != actor.pk and not staff:
        raise NotFound(_("This enrolment does not exist."), code="not_found")
    if enrolment.status == Enrolment.Status.CANCELLED:
        raise Conflict(_("This enrolment is already cancelled."), code="already_cancelled")
    now = timezone.now()
    if session.starts_at <= now:
        raise Invalid(
            _("This session has already started: the enrolment can no longer be cancelled."),
            code="session_past",
        )
    deadline = cancel_deadline(session)
    if not staff and enrolment.status == Enrolment.Status.ENROLLED and now > deadline:
        raise Invalid(
            _(
                "Seats can be given up until %(deadline)s. It is too late now: please ask the "
                "lab's staff."
            )
            % {"deadline": _local(deadline, session)},
            code="deadline_passed",
        )
    was = enrolment.status
    enrolment.status, enrolment.cancelled_at = Enrolment.Status.CANCELLED, now
    enrolment.save(update_fields=["status", "cancelled_at"])
    if enrolment.member_id != actor.pk:
        audit_record(
            actor=actor,
            target=enrolment.member,
            action="training.enrolment_cancelled",
            changes={"session": [str(session), None], "status": [was, enrolment.status]},
            reason=reason,
        )
    session_notify(
        recipient=enrolment.member,
        kind="training.enrolment_cancelled",
        session=session,
        by_staff=enrolment.member_id != actor.pk,
        reason=reason.strip(),
    )
    enrolment_cancelled.send(sender=Enrolment, enrolment=enrolment, actor=actor, by_lab=False)
    if was == Enrolment.Status.ENROLLED:
        waitlist_promote(session=session)
    return enrolment
