"""The booking engine's rules. Every booking and cancellation goes through these services.

booking_create checks, in this order: the input (aware, ordered, aligned), who books for
whom, the machine, the member's limits (staff may lift them with a written reason), the one
certification check (ADR 0008), and last, under a lock on the machine row, that the slot
and its buffer are free. On PostgreSQL an exclusion constraint backs that check; on SQLite
the IMMEDIATE write transaction serialises it (ADR 0009)."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import DurationField, ExpressionWrapper, F, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fabdesk.core.errors import Conflict, Forbidden, Invalid, NotFound
from fabdesk.core.services import audit_record
from fabdesk.equipment.models import Machine, MachineStatus
from fabdesk.members.permissions import is_staff
from fabdesk.schedule.selectors import is_open_between
from fabdesk.training.certification_check import certification_check

from .models import Booking, BookingRule, BookingStatus
from .notices import notify_cancelled
from .rules import rule_for
from .selectors import active_bookings, overlapping

ACCOUNT_CODES = {"account_disabled", "account_suspended", "account_pending"}


def _slot_taken() -> Conflict:
    return Conflict(
        _("This slot is already booked (or the machine is being cleaned or cooled after the "
          "previous booking). Choose another time."),
        code="slot_taken",
    )  # fmt: skip


def _check_input(*, start: dt.datetime, end: dt.datetime, rule: BookingRule) -> None:
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise Invalid(
            _("Give the start and end with their time zone offset (e.g. 2025-03-01T10:00+01:00)."),
            code="naive_datetime",
        )
    if end <= start:
        raise Invalid(_("The end must come after the start."), code="bad_range", field="end")
    step = dt.timedelta(minutes=rule.slot_minutes)
    local_start = timezone.localtime(start, timezone.get_current_timezone())
    midnight = local_start.replace(hour=0, minute=0, second=0, microsecond=0)
    if (local_start - midnight) % step or (end - start) % step:
        raise Invalid(
            ngettext(
                "Bookings start and end on a step of %(step)d minute.",
                "Bookings start and end on steps of %(step)d minutes.",
                rule.slot_minutes,
            )
            % {"step": rule.slot_minutes},
            code="misaligned",
        )
    if start < timezone.now():
        raise Invalid(_("This time is in the past."), code="in_the_past", field="start")


def _check_machine(machine: Machine) -> None:
    if not machine.bookable or machine.status != MachineStatus.IN_SERVICE:
        raise Invalid(
            _("“%(machine)s” cannot be booked at the moment (%(status)s).")
            % {
                "machine": machine.name,
                "status": machine.get_status_display() if machine.bookable else _("not bookable"),
            },
            code="machine_unavailable",
        )


def _week_bounds(moment: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Monday 00:00 to the next Monday 00:00, in the current (the lab's) time zone."""
    local = timezone.localtime(moment)
    monday = local.date() - dt.timedelta(days=local.weekday())
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(monday, dt.time(0), tzinfo=tz)
    return start, dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(0), tzinfo=tz)


def _hours(minutes: int) -> str:
    return f"{minutes / 60:g}"


def _limit_refusals(
    *, machine: Machine, member, start: dt.datetime, end: dt.datetime, rule: BookingRule,
    opening_hours_apply: bool,
) -> list[Invalid]:  # fmt: skip
    """The member limits this booking breaks (staff may lift them with a reason)."""
    refusals: list[Invalid] = []
    minutes = int((end - start).total_seconds() // 60)
    if minutes < rule.min_minutes:
        refusals.append(Invalid(
            _("A booking of this machine lasts at least %(minutes)d minutes.")
            % {"minutes": rule.min_minutes}, code="too_short"))  # fmt: skip
    if minutes > rule.max_minutes:
        refusals.append(Invalid(
            _("A booking of this machine lasts at most %(hours)s hours.")
            % {"hours": _hours(rule.max_minutes)}, code="too_long"))  # fmt: skip
    now = timezone.now()
    if start < now + dt.timedelta(minutes=rule.notice_minutes):
        refusals.append(Invalid(
            _("This machine must be booked at least %(minutes)d minutes ahead.")
            % {"minutes": rule.notice_minutes}, code="too_soon"))  # fmt: skip
    if start > now + dt.timedelta(days=rule.advance_days):
        refusals.append(Invalid(
            _("This machine can be booked at most %(days)d days ahead.")
            % {"days": rule.advance_days}, code="too_far_ahead"))  # fmt: skip
    if opening_hours_apply and not is_open_between(lab=machine.lab, start=start, end=end):
        refusals.append(Invalid(
            _("The lab is not open for the whole of this time: book within the opening hours."),
            code="outside_opening_hours"))  # fmt: skip
    if rule.max_hours_per_week is not None:
        week_start, week_end = _week_bounds(start)
        booked = (
            active_bookings()
            .filter(machine=machine, member=member, start__gte=week_start, start__lt=week_end)
            .aggregate(
                total=Sum(ExpressionWrapper(F("end") - F("start"), output_field=DurationField()))
            )["total"]
            or dt.timedelta()
        )
        if booked + (end - start) > dt.timedelta(hours=rule.max_hours_per_week):
            refusals.append(Invalid(
                _("You may book this machine for at most %(limit)d hours a week; you already "
                  "have %(booked)s hours booked that week.")
                % {"limit": rule.max_hours_per_week,
                   "booked": _hours(int(booked.total_seconds() // 60))},
                code="weekly_limit"))  # fmt: skip
    return refusals


def _certification_refusal(
    *, machine: Machine, member, start: dt.datetime, rule: BookingRule
) -> Forbidden | None:
    """Why the one certification check (ADR 0008) refuses this member, or None. A refused
    account (suspended, pending, disabled) is raised at once: no exception lifts it."""
    result = certification_check(member=member, machine=machine, at=start)
    reasons = result.reasons
    account = [reason.message for reason in reasons if reason.code in ACCOUNT_CODES]
    if account:
        raise Forbidden(" ".join(account), code="not_certified")
    if not rule.requires_certification:
        reasons = [reason for reason in reasons if reason.code in ACCOUNT_CODES]
    if result.allowed or not reasons:
        return None
    return Forbidden(" ".join(reason.message for reason in reasons), code="not_certified")


@transaction.atomic
def booking_create(
    *,
    actor,
    machine: Machine,
    member,
    start: dt.datetime,
    end: dt.datetime,
    override_reason: str = "",
) -> Booking:
    """Book `machine` for `member` from `start` to `end`. A member books for themself; staff
    book for any member of their lab, and may lift the member limits or the certification
    with a written `override_reason`. Nobody can book over another booking."""
    override_reason = (override_reason or "").strip()
    staff = is_staff(actor)
    if member.pk != actor.pk and not staff:
        raise Forbidden(_("You can only book for yourself."), code="not_your_booking")
    if actor.lab_id != machine.lab_id or member.lab_id != machine.lab_id:
        raise NotFound(_("There is no such machine in this lab."))
    if override_reason and not staff:
        raise Forbidden(_("Only staff can make an exception to the booking rules."),
                        code="staff_only")  # fmt: skip
    # Lock the machine row: two bookings of one machine are checked and written one after the
    # other (on SQLite the IMMEDIATE transaction already holds the write lock).
    machine = (
        Machine.objects.select_related("lab").select_for_update(of=("self",)).get(pk=machine.pk)
    )
    rule = rule_for(machine)
    with timezone.override(machine.lab.tzinfo):
        _check_input(start=start, end=end, rule=rule)
        _check_machine(machine)
        opening_hours_apply = not (staff and rule.outside_opening_hours_allowed)
        refusals: list = _limit_refusals(
            machine=machine, member=member, start=start, end=end, rule=rule,
            opening_hours_apply=opening_hours_apply,
        )  # fmt: skip
    not_certified = _certification_refusal(machine=machine, member=member, start=start, rule=rule)
    if not_certified is not None:
        refusals.append(not_certified)
    if refusals and not (staff and override_reason):
        raise refusals[0]
    blocked_until = end + dt.timedelta(minutes=rule.buffer_minutes)
    if overlapping(machine_id=machine.pk, start=start, blocked_until=blocked_until).exists():
        raise _slot_taken()
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                lab_id=machine.lab_id, machine=machine, member=member, start=start, end=end,
                blocked_until=blocked_until, booked_by=actor,
                override_reason=override_reason if refusals else "",
            )  # fmt: skip
    except IntegrityError as exc:  # the exclusion constraint (PostgreSQL): a booking raced in
        raise _slot_taken() from exc
    if staff and (member.pk != actor.pk or refusals):
        audit_record(
            actor=actor,
            target=booking,
            action="booking.created",
            changes={"member": member.pk, "start": start.isoformat(), "end": end.isoformat(),
                     "lifted": [refusal.code for refusal in refusals]},
            reason=booking.override_reason,
        )  # fmt: skip
    return booking


def booking_get_for(*, viewer, booking_id: int) -> Booking:
    """A booking the viewer may see (their own; staff: any of their lab), or 404."""
    bookings = Booking.objects.select_related("machine", "member", "lab").filter(lab=viewer.lab)
    if not is_staff(viewer):
        bookings = bookings.filter(member=viewer)
    booking = bookings.filter(pk=booking_id).first()
    if booking is None:
        raise NotFound(_("There is no such booking."))
    return booking


@transaction.atomic
def booking_cancel(*, actor, booking: Booking) -> Booking:
    """Cancel a booking: the member their own until the rule's deadline, staff any time.
    Another member's booking does not exist for a member (404)."""
    staff = is_staff(actor) and actor.lab_id == booking.lab_id
    if booking.member_id != actor.pk and not staff:
        raise NotFound(_("There is no such booking."))
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == BookingStatus.CANCELLED:
        raise Invalid(_("This booking is already cancelled."), code="already_cancelled")
    now = timezone.now()
    if not staff:
        rule = rule_for(booking.machine)
        deadline = booking.start - dt.timedelta(hours=rule.cancel_hours)
        if now > deadline:
            raise Invalid(
                _("Bookings of this machine can be cancelled until %(hours)d hours before "
                  "they start (here %(deadline)s); ask the staff.")
                % {"hours": rule.cancel_hours,
                   "deadline": date_format(timezone.localtime(deadline, booking.lab.tzinfo),
                                           "DATETIME_FORMAT")},
                code="cancellation_deadline_passed",
            )  # fmt: skip
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.save(update_fields=["status", "cancelled_at"])
    if staff and booking.member_id != actor.pk:
        audit_record(actor=actor, target=booking, action="booking.cancelled")
        notify_cancelled(booking, actor=actor)
    return booking
