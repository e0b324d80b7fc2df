"""The booking engine's rules. Every booking, move and cancellation goes through these
services; the checks themselves live in `checks.py`, shared by machines and spaces.

booking_create checks, in this order: who books for whom, the resource (locked), the input
(aware, ordered, aligned), whether it can be booked and by how many, the member's limits
(staff may lift them with a written reason), the one certification check for a machine
(ADR 0008), and last, under the lock, that the machine is free or the space has room. On
PostgreSQL an exclusion constraint backs a machine's check; on SQLite the IMMEDIATE write
transaction serialises it (ADR 0009). A space is shared up to its capacity (ADR 0010)."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fabdesk.core.errors import Forbidden, Invalid, NotFound
from fabdesk.core.services import audit_record
from fabdesk.equipment.models import Machine, Space
from fabdesk.members.permissions import is_staff

from .checks import (
    Resource,
    access_refusal,
    check_bookable,
    check_people,
    check_range,
    check_room,
    check_times,
    limit_refusals,
    lock_resource,
    raise_unless_lifted,
    resource_of,
    slot_taken,
)
from .models import Booking, BookingRule, BookingStatus
from .notices import notify_cancelled, notify_moved
from .rules import rule_for
from .selectors import target
from .signals import booking_cancelled, booking_confirmed, booking_moved


def _check_actor(*, actor, member, staff: bool, override_reason: str) -> None:
    if member.pk != actor.pk and not staff:
        raise Forbidden(_("You can only book for yourself."), code="not_your_booking")
    if override_reason and not staff:
        raise Forbidden(_("Only staff can make an exception to the booking rules."),
                        code="staff_only")  # fmt: skip


def _rule_refusals(
    *, resource: Resource, rule: BookingRule, member, start: dt.datetime, end: dt.datetime,
    people: int, staff: bool, exclude_pk: int | None = None,
) -> list:  # fmt: skip
    """Every rule of a member's booking, for create and move alike: raises what nobody lifts,
    returns what staff may lift with a reason."""
    with timezone.override(resource.lab.tzinfo):
        check_times(start=start, end=end, rule=rule)
        check_bookable(resource)
        check_people(resource, people)
        # Staff, and members the lab trusts, may book outside opening hours where allowed.
        exempt = (staff or member.trusted) and rule.outside_opening_hours_allowed
        refusals = limit_refusals(
            resource=resource, member=member, start=start, end=end, rule=rule,
            opening_hours_apply=not exempt, exclude_pk=exclude_pk,
        )  # fmt: skip
    refused = access_refusal(resource=resource, member=member, start=start, rule=rule)
    return [*refusals, refused] if refused is not None else refusals


@transaction.atomic
def booking_create(
    *,
    actor,
    member,
    start: dt.datetime,
    end: dt.datetime,
    machine: Machine | None = None,
    space: Space | None = None,
    people: int = 1,
    override_reason: str = "",
) -> Booking:
    """Book `machine` or `space` (exactly one) for `member` from `start` to `end`, for
    `people` (a machine: 1). A member books for themself; staff book for any member of their
    lab, and may lift the member limits or the certification with a written
    `override_reason`. Nobody books over another booking of a machine, or beyond a space's
    capacity. Only the primary key of `machine` / `space` is read: the row is read again,
    locked."""
    resource = resource_of(machine, space)
    override_reason = (override_reason or "").strip()
    staff = is_staff(actor)
    _check_actor(actor=actor, member=member, staff=staff, override_reason=override_reason)
    resource = lock_resource(resource, lab_id=actor.lab_id)
    if member.lab_id != resource.lab_id:
        raise NotFound(_("There is no such member in this lab."))
    rule = rule_for(resource)
    refusals = _rule_refusals(resource=resource, rule=rule, member=member, start=start, end=end,
                              people=people, staff=staff)  # fmt: skip
    raise_unless_lifted(refusals, staff=staff, override_reason=override_reason)
    blocked_until = end + dt.timedelta(minutes=rule.buffer_minutes)
    check_room(resource=resource, start=start, blocked_until=blocked_until, people=people)
    try:
        booking = Booking.objects.create(
            lab_id=resource.lab_id, **target(resource), member=member, start=start, end=end,
            blocked_until=blocked_until, people=people, booked_by=actor,
            override_reason=override_reason if refusals else "",
        )  # fmt: skip
    except IntegrityError as exc:  # the exclusion constraint (PostgreSQL): a booking raced in
        raise slot_taken() from exc  # (this transaction is rolled back as the error leaves it)
    if staff and (member.pk != actor.pk or refusals):
        audit_record(
            actor=actor,
            target=booking,
            action="booking.created",
            changes={"member": member.pk, "start": start.isoformat(), "end": end.isoformat(),
                     "people": people, "lifted": [refusal.code for refusal in refusals]},
            reason=booking.override_reason,
        )  # fmt: skip
    booking_confirmed.send(sender=Booking, booking=booking, actor=actor)
    return booking


def booking_get_for(*, viewer, booking_id: int) -> Booking:
    """A booking the viewer may see (their own; staff: any of their lab), or 404."""
    bookings = Booking.objects.select_related("machine", "space", "member", "lab").filter(
        lab_id=viewer.lab_id
    )
    if not is_staff(viewer):
        bookings = bookings.filter(member=viewer)
    booking = bookings.filter(pk=booking_id).first()
    if booking is None:
        raise NotFound(_("There is no such booking."))
    return booking


def _staff_of(actor, booking: Booking) -> bool:
    return is_staff(actor) and actor.lab_id == booking.lab_id


def _check_deadline(booking: Booking, *, now: dt.datetime) -> None:
    """A member changes or cancels their booking until the rule's deadline."""
    rule = rule_for(booking.resource)
    deadline = booking.start - dt.timedelta(hours=rule.cancel_hours)
    if now > deadline:
        raise Invalid(
            _("Bookings of “%(name)s” can be cancelled until %(hours)d hours before they "
              "start (here %(deadline)s), and moved until then too; after that, ask the staff.")
            % {"name": booking.resource.name, "hours": rule.cancel_hours,
               "deadline": date_format(timezone.localtime(deadline, booking.lab.tzinfo),
                                       "DATETIME_FORMAT")},
            code="cancellation_deadline_passed",
        )  # fmt: skip


@transaction.atomic
def booking_cancel(*, actor, booking: Booking, refund: bool = True) -> Booking:
    """Cancel a booking: the member their own until the rule's deadline, staff any time (a
    block ends this way). Another member's booking does not exist for a member (404). Staff
    may keep what the member owes for it (`refund=False`, a late cancellation)."""
    staff = _staff_of(actor, booking)
    if booking.member_id != actor.pk and not staff:
        raise NotFound(_("There is no such booking."))
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("machine", "space", "lab", "member")
        .get(pk=booking.pk)
    )
    if booking.status == BookingStatus.CANCELLED:
        raise Invalid(_("This booking is already cancelled."), code="already_cancelled")
    now = timezone.now()
    if not staff:
        _check_deadline(booking, now=now)
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.save(update_fields=["status", "cancelled_at"])
    if staff and (booking.member_id != actor.pk or booking.is_block):
        audit_record(actor=actor, target=booking, action="booking.cancelled")
    if staff and not booking.is_block:
        notify_cancelled(booking, actor=actor)
    if not booking.is_block:
        flagged = booking.flagged_at is not None  # its machine went out of service
        booking_cancelled.send(sender=Booking, booking=booking, actor=actor,
                               refund=refund or not staff, by_lab=flagged)  # fmt: skip
    return booking


def _locked_for_move(*, actor, booking: Booking) -> tuple[Booking, Resource, bool]:
    """The resource, then the booking, locked (always in that order, as block_create does),
    and whether the actor acts as staff."""
    staff = _staff_of(actor, booking)
    if booking.member_id != actor.pk and not staff:
        raise NotFound(_("There is no such booking."))
    resource = lock_resource(booking.resource, lab_id=booking.lab_id)
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("member", "lab")
        .get(pk=booking.pk)
    )
    if booking.is_block and not staff:
        raise Forbidden(_("Only the lab's staff can do this."), code="staff_only")
    if booking.status != BookingStatus.CONFIRMED:
        raise Invalid(
            _("Only a booking still to come can be moved (this one is “%(status)s”).")
            % {"status": booking.get_status_display()},
            code="not_movable",
        )
    return booking, resource, staff


@transaction.atomic
def booking_move(
    *, actor, booking: Booking, start: dt.datetime, end: dt.datetime, override_reason: str = ""
) -> Booking:
    """Give a booking new times, on the same row (its history, check-in and feeds follow).
    Every rule of `booking_create` applies, the booking not counting against itself. A member
    moves their own booking until its cancellation deadline; staff any time, lifting limits
    with a written reason (never an overlap or a full space), and move blocks. Clears a flag
    (the booking was moved away from the breakdown) and re-arms the reminder."""
    override_reason = (override_reason or "").strip()
    booking, resource, staff = _locked_for_move(actor=actor, booking=booking)
    if override_reason and not staff:
        raise Forbidden(_("Only staff can make an exception to the booking rules."),
                        code="staff_only")  # fmt: skip
    now = timezone.now()
    if not staff:
        _check_deadline(booking, now=now)
    rule = rule_for(resource)
    if booking.is_block:
        check_range(start, end)
        if end <= now:
            raise Invalid(_("A block must end in the future."), code="in_the_past", field="end")
        refusals, blocked_until = [], end
    else:
        refusals = _rule_refusals(
            resource=resource, rule=rule, member=booking.member, start=start, end=end,
            people=booking.people, staff=staff, exclude_pk=booking.pk,
        )  # fmt: skip
        raise_unless_lifted(refusals, staff=staff, override_reason=override_reason)
        blocked_until = end + dt.timedelta(minutes=rule.buffer_minutes)
    check_room(resource=resource, start=start, blocked_until=blocked_until, people=booking.people,
               exclude_pk=booking.pk)  # fmt: skip
    was = (booking.start, booking.end)
    booking.start, booking.end, booking.blocked_until = start, end, blocked_until
    booking.flagged_at, booking.flag_reason, booking.reminded_at = None, "", None
    if refusals:
        booking.override_reason = override_reason
    try:
        booking.save(update_fields=["start", "end", "blocked_until", "flagged_at", "flag_reason",
                                    "reminded_at", "override_reason"])  # fmt: skip
    except IntegrityError as exc:  # the exclusion constraint (PostgreSQL)
        raise slot_taken() from exc
    audit_record(
        actor=actor, target=booking, action="booking.moved",
        changes={"start": [was[0].isoformat(), start.isoformat()],
                 "end": [was[1].isoformat(), end.isoformat()],
                 "lifted": [refusal.code for refusal in refusals]},
        reason=override_reason if refusals else "",
    )  # fmt: skip
    if staff and booking.member_id != actor.pk and not booking.is_block:
        notify_moved(booking, actor=actor, was=was)
    if not booking.is_block:
        booking_moved.send(sender=Booking, booking=booking, actor=actor, was=was)
    return booking
