"""What happens to a booking after it is made: check-in, close, no-show, reminder, flag.

- `booking_check_in`: staff any time before the end; the member themself from
  `CHECK_IN_EARLY` before the start until the end.
- `booking_close`: after check-in; for a machine, the time used (check-in to the close, at
  most to the booking's end) goes to its hours counter and renews the member's
  certification. A space booking is checked in and closed the same way, and counts nothing.
- `bookings_mark_no_shows` / `bookings_send_reminders`: run by the timers
  (`fabdesk booking-no-shows`, `fabdesk booking-reminders`); each booking is claimed with a
  conditional UPDATE, so two runs at once never count or mail anything twice.
- `bookings_flag_for_machine`: the machine broke; its coming bookings are flagged for staff to
  move, and their members told. Nothing is unflagged automatically: staff decide.

Blocks (periods staff close, ADR 0010) have no life of their own: they are never checked in,
reminded, counted as no-shows or flagged."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.errors import Forbidden, Invalid, NotFound
from fabdesk.core.services import audit_record
from fabdesk.equipment.models import Machine, MachineStatus
from fabdesk.equipment.services import machine_add_usage
from fabdesk.members.permissions import is_staff
from fabdesk.training.certification_services import certification_record_use

from .models import Booking, BookingKind, BookingStatus
from .notices import notify_machine_unavailable, notify_reminder
from .rules import rule_for

CHECK_IN_EARLY = dt.timedelta(minutes=15)
HUNDREDTH = Decimal("0.01")


def _staff_of(actor, booking: Booking) -> bool:
    return actor is not None and is_staff(actor) and actor.lab_id == booking.lab_id


def _locked(booking: Booking, actor) -> tuple[Booking, bool]:
    """The booking row locked, and whether the actor acts as staff. Another member's booking
    does not exist for a member (404)."""
    staff = _staff_of(actor, booking)
    if not staff and (actor is None or booking.member_id != actor.pk):
        raise NotFound(_("There is no such booking."))
    locked = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("machine", "space", "member")
        .get(pk=booking.pk)
    )
    return locked, staff


def _check_in_refusal(booking: Booking, *, staff: bool, at: dt.datetime) -> Invalid | None:
    if booking.is_block:
        return Invalid(_("A blocked period is not checked in."), code="is_block")
    status = booking.status
    if status == BookingStatus.CANCELLED:
        return Invalid(_("This booking was cancelled."), code="booking_cancelled")
    if status in (BookingStatus.CHECKED_IN, BookingStatus.COMPLETED):
        return Invalid(_("This booking is already checked in."), code="already_checked_in")
    if status == BookingStatus.NO_SHOW and not staff:
        return Invalid(
            _("This booking was counted as a no-show; ask the staff."), code="marked_no_show"
        )
    if at >= booking.end:
        return Invalid(_("This booking is over: it can no longer be checked in."), code="too_late")
    if not staff and at < booking.start - CHECK_IN_EARLY:
        minutes = int(CHECK_IN_EARLY.total_seconds() // 60)
        return Invalid(
            _("You can check in from %(minutes)d minutes before the start of your booking.")
            % {"minutes": minutes},
            code="too_early",
        )
    if booking.machine_id and booking.machine.status != MachineStatus.IN_SERVICE:
        return Invalid(
            _("“%(machine)s” cannot be used at the moment (%(status)s).")
            % {"machine": booking.machine.name, "status": booking.machine.get_status_display()},
            code="machine_unavailable",
        )
    return None


@transaction.atomic
def booking_check_in(*, actor, booking: Booking, at: dt.datetime | None = None) -> Booking:
    """The member is at the machine. Staff check in any booking of their lab (also one counted
    as a no-show: the member came late); the member their own, around its time."""
    at = at or timezone.now()
    booking, staff = _locked(booking, actor)
    refusal = _check_in_refusal(booking, staff=staff, at=at)
    if refusal is not None:
        raise refusal
    was = booking.status
    booking.status = BookingStatus.CHECKED_IN
    booking.checked_in_at = at
    booking.save(update_fields=["status", "checked_in_at"])
    if staff and booking.member_id != actor.pk:
        audit_record(
            actor=actor, target=booking, action="booking.checked_in",
            changes={"status": [was, booking.status]},
        )  # fmt: skip
    return booking


def _used_hours(booking: Booking, closed_at: dt.datetime) -> tuple[Decimal, dt.datetime]:
    used_until = min(closed_at, booking.end)
    seconds = max((used_until - booking.checked_in_at).total_seconds(), 0)
    hours = (Decimal(seconds) / 3600).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    return hours, used_until


def _record_machine_use(booking: Booking, *, hours: Decimal, used_until, actor) -> None:
    if hours > 0:
        machine_add_usage(
            machine=booking.machine, hours=hours, kind="booking",
            reason=_("Booking #%(number)d") % {"number": booking.pk}, actor=actor,
        )  # fmt: skip
    certification_record_use(member=booking.member, machine=booking.machine, at=used_until)


@transaction.atomic
def booking_close(*, actor, booking: Booking, at: dt.datetime | None = None) -> Booking:
    """The member is done. For a machine, the time used goes to its hours counter and counts
    as a use of it for the member's certification; a space counts nothing. `actor=None`:
    closed by the timer."""
    at = at or timezone.now()
    if actor is None:
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("machine", "space", "member")
            .get(pk=booking.pk)
        )
        staff = False
    else:
        booking, staff = _locked(booking, actor)
    if booking.status == BookingStatus.COMPLETED:
        raise Invalid(_("This booking is already closed."), code="already_closed")
    if booking.status != BookingStatus.CHECKED_IN:
        raise Invalid(_("Check in before closing the booking."), code="not_checked_in")
    at = max(at, booking.checked_in_at)
    hours, used_until = _used_hours(booking, at)
    booking.status = BookingStatus.COMPLETED
    booking.closed_at = at
    booking.save(update_fields=["status", "closed_at"])
    if booking.machine_id:
        _record_machine_use(booking, hours=hours, used_until=used_until, actor=actor)
    if staff and booking.member_id != actor.pk:
        audit_record(actor=actor, target=booking, action="booking.closed",
                     changes={"hours": str(hours)})  # fmt: skip
    return booking


class _Rules:
    """Rules looked up once per machine or space during a timer run."""

    def __init__(self) -> None:
        self._cache: dict[tuple, object] = {}

    def __call__(self, booking: Booking):
        key = (booking.machine_id, booking.space_id)
        if key not in self._cache:
            self._cache[key] = rule_for(booking.resource)
        return self._cache[key]


def bookings_mark_no_shows(*, now: dt.datetime | None = None) -> list[Booking]:
    """Confirmed bookings nobody checked in `no_show_after_minutes` after their start become
    no-shows (flagged bookings are not: the machine was unavailable). The slot stays held."""
    now = now or timezone.now()
    rules = _Rules()
    marked = []
    candidates = Booking.objects.filter(
        kind=BookingKind.BOOKING, status=BookingStatus.CONFIRMED, flagged_at__isnull=True,
        start__lte=now,
    ).select_related("machine", "space")  # fmt: skip
    for booking in candidates:
        late = dt.timedelta(minutes=rules(booking).no_show_after_minutes)
        if booking.start + late > now:
            continue
        if Booking.objects.filter(pk=booking.pk, status=BookingStatus.CONFIRMED).update(
            status=BookingStatus.NO_SHOW
        ):
            booking.status = BookingStatus.NO_SHOW
            marked.append(booking)
    return marked


def bookings_close_forgotten(*, now: dt.datetime | None = None) -> list[Booking]:
    """Bookings checked in but never closed are closed at their end, once it has passed."""
    now = now or timezone.now()
    closed = []
    for booking in Booking.objects.filter(status=BookingStatus.CHECKED_IN, end__lte=now):
        try:
            closed.append(booking_close(actor=None, booking=booking, at=booking.end))
        except Invalid:  # closed by its member meanwhile
            continue
    return closed


def bookings_send_reminders(*, now: dt.datetime | None = None) -> list[Booking]:
    """Remind each member of a coming booking, once, the rule's `reminder_hours` before its
    start (none when the rule has no reminder; none for a flagged booking: the member was
    told the machine is unavailable)."""
    now = now or timezone.now()
    rules = _Rules()
    reminded = []
    candidates = Booking.objects.filter(
        kind=BookingKind.BOOKING, status=BookingStatus.CONFIRMED, reminded_at__isnull=True,
        flagged_at__isnull=True, start__gt=now,
    ).select_related("machine", "space", "member", "lab")  # fmt: skip
    for booking in candidates:
        hours = rules(booking).reminder_hours
        if hours is None or booking.start - dt.timedelta(hours=hours) > now:
            continue
        with transaction.atomic():
            claimed = Booking.objects.filter(pk=booking.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if claimed:
                notify_reminder(booking)
                reminded.append(booking)
    return reminded


UNAVAILABLE = {MachineStatus.OUT_OF_ORDER, MachineStatus.MAINTENANCE, MachineStatus.RETIRED}


def bookings_flag_for_machine(
    *, machine: Machine, status: str, reason: str = "", now: dt.datetime | None = None
) -> list[Booking]:
    """The machine became unavailable: flag its confirmed bookings not yet over, tell their
    members. Bookings already flagged are left as they are (told once)."""
    if status not in UNAVAILABLE:
        return []
    now = now or timezone.now()
    why = reason.strip() or MachineStatus(status).label
    flagged = list(
        Booking.objects.filter(
            machine=machine,
            kind=BookingKind.BOOKING,
            status=BookingStatus.CONFIRMED,
            end__gt=now,
            flagged_at__isnull=True,
        ).select_related("machine", "member", "lab")
    )
    Booking.objects.filter(pk__in=[b.pk for b in flagged]).update(
        flagged_at=now, flag_reason=str(why)[:300]
    )
    for booking in flagged:
        booking.flagged_at, booking.flag_reason = now, str(why)[:300]
        notify_machine_unavailable(booking)
    return flagged


@transaction.atomic
def booking_clear_flag(*, actor, booking: Booking) -> Booking:
    """Staff keep a flagged booking as it is (the machine is back in time)."""
    if not _staff_of(actor, booking):
        raise Forbidden(_("Only the lab's staff can do this."), code="staff_only")
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.flagged_at is None:
        raise Invalid(_("This booking is not flagged."), code="not_flagged")
    reason = booking.flag_reason
    booking.flagged_at, booking.flag_reason = None, ""
    booking.save(update_fields=["flagged_at", "flag_reason"])
    audit_record(actor=actor, target=booking, action="booking.flag_cleared", reason=reason)
    return booking
