"""The week calendar of one machine: each day of the week (in the lab's time zone) cut into
the slots of the machine's rule step, within the lab's opening hours, each free, taken or past.
A fixed number of queries whatever the machine's history: the opening ranges (3), the rule (1)
and the bookings meeting the week (1)."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from fabdesk.core.timeutils import at_wall_clock, lab_today
from fabdesk.schedule.selectors import opening_ranges

from .models import Booking, BookingRule
from .rules import rule_for
from .selectors import booking_list


@dataclass
class Slot:
    start: dt.datetime
    end: dt.datetime
    booking: Booking | None = None
    past: bool = False

    @property
    def free(self) -> bool:
        return self.booking is None and not self.past


@dataclass
class Day:
    date: dt.date
    slots: list[Slot] = field(default_factory=list)


@dataclass
class Week:
    monday: dt.date
    rule: BookingRule
    days: list[Day]
    bookings: list[Booking] = field(default_factory=list)

    @property
    def previous(self) -> dt.date:
        return self.monday - dt.timedelta(days=7)

    @property
    def next(self) -> dt.date:
        return self.monday + dt.timedelta(days=7)

    def free_run_minutes(self, start: dt.datetime) -> int:
        """How long the machine stays free from `start` (a slot start), in minutes."""
        minutes, running, previous_end = 0, False, None
        for day in self.days:
            for slot in day.slots:
                if slot.start == start:
                    running = True
                if running:
                    if not slot.free or (minutes and slot.start != previous_end):
                        return minutes
                    minutes += self.rule.slot_minutes
                    previous_end = slot.end
        return minutes


def monday_of(value: str | None, tz) -> dt.date:
    """The Monday of the week holding the date `value` (YYYY-MM-DD), or of this week."""
    try:
        day = dt.date.fromisoformat(value) if value else lab_today(tz)
    except ValueError:
        day = lab_today(tz)
    return day - dt.timedelta(days=day.weekday())


def _slot_starts(start: dt.datetime, end: dt.datetime, step: int, tz):
    """Slot starts in [start, end), aligned on the wall clock (as the service checks)."""
    local = timezone.localtime(start, tz)
    into_day = (local.hour * 60 + local.minute) % step
    current = start
    if into_day or local.second or local.microsecond:
        current = start.replace(second=0, microsecond=0) + dt.timedelta(minutes=step - into_day)
    while current + dt.timedelta(minutes=step) <= end:
        yield current
        current += dt.timedelta(minutes=step)


def machine_week(*, machine, monday: dt.date) -> Week:
    tz = machine.lab.tzinfo
    rule = rule_for(machine)
    step = rule.slot_minutes
    week_start = at_wall_clock(monday, dt.time(0), tz)
    week_end = at_wall_clock(monday + dt.timedelta(days=7), dt.time(0), tz)
    bookings = list(
        booking_list(lab=machine.lab, machine_id=machine.pk, start_to=week_end).filter(
            blocked_until__gt=week_start
        )
    )
    days = {
        monday + dt.timedelta(days=n): Day(date=monday + dt.timedelta(days=n)) for n in range(7)
    }
    now = timezone.now()
    # A slot right before a booking is busy too when the new booking's buffer would run into
    # it (the same rule as booking.selectors.availability).
    buffer = dt.timedelta(minutes=rule.buffer_minutes)
    for open_start, open_end in opening_ranges(lab=machine.lab, start=week_start, end=week_end):
        for start in _slot_starts(open_start, open_end, step, tz):
            end = start + dt.timedelta(minutes=step)
            taken = next(
                (b for b in bookings if b.start - buffer < end and b.blocked_until > start), None
            )
            day = days.get(timezone.localtime(start, tz).date())
            if day is not None:
                day.slots.append(Slot(start=start, end=end, booking=taken, past=start < now))
    return Week(monday=monday, rule=rule, days=list(days.values()), bookings=bookings)
