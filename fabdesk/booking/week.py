"""The week calendar of one resource, a machine or a space: each day of the week (in the lab's
time zone) cut into the slots of the resource's rule step, within the lab's opening hours.

A machine's slot is free, taken (by one booking) or past. A space is shared: each slot counts
the places left (its capacity, or 1 when none is set, minus the people of the active bookings
meeting it) and stays free while one place is left. A block (a period staff close) takes the
whole slot of either and shows as "Closed", never as someone's booking.

A fixed number of queries whatever the resource's history: the opening ranges (3), the rule
(1) and the bookings meeting the week (1)."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from fabdesk.core.timeutils import at_wall_clock, lab_today
from fabdesk.schedule.selectors import opening_ranges

from .models import Booking, BookingRule
from .rules import rule_for
from .selectors import active_bookings, space_capacity


@dataclass
class Slot:
    start: dt.datetime
    end: dt.datetime
    past: bool = False
    booking: Booking | None = None  # a machine's: the booking holding the slot
    block: Booking | None = None  # the block closing the slot, machine or space
    places_left: int | None = None  # a space's: the places still free (None for a machine)
    block_starts_here: bool = False  # the first slot of its block shown this week
    bookings: list[Booking] = field(default_factory=list)  # the members' bookings meeting it
    yours: bool = False  # the viewer has one of them (see Week.mark_yours)

    @property
    def free(self) -> bool:
        if self.past or self.block is not None:
            return False
        if self.places_left is not None:
            return self.places_left >= 1
        return self.booking is None

    @property
    def taken(self) -> bool:
        """Held by bookings (not a block): a machine's booking or a full space."""
        return self.block is None and not self.free and not self.past


@dataclass
class Day:
    date: dt.date
    slots: list[Slot] = field(default_factory=list)


@dataclass
class Week:
    monday: dt.date
    rule: BookingRule
    days: list[Day]
    capacity: int | None = None  # a space's places; None for a machine
    bookings: list[Booking] = field(default_factory=list)  # members' bookings, no blocks
    blocks: list[Booking] = field(default_factory=list)

    @property
    def previous(self) -> dt.date:
        return self.monday - dt.timedelta(days=7)

    @property
    def next(self) -> dt.date:
        return self.monday + dt.timedelta(days=7)

    @property
    def max_slots(self) -> int:
        """The longest booking, in slots (a hint for drag-to-select; the service decides)."""
        return max(self.rule.max_minutes // self.rule.slot_minutes, 1)

    def mark_yours(self, member_id: int) -> None:
        """Mark the slots the member holds a booking of."""
        for day in self.days:
            for slot in day.slots:
                slot.yours = any(b.member_id == member_id for b in slot.bookings)

    def free_run_minutes(self, start: dt.datetime) -> int:
        """How long the resource stays free from `start` (a slot start), in minutes."""
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


def _fill(slot: Slot, meeting: list[Booking], capacity: int | None, seen_blocks: set) -> None:
    """Say what holds `slot`, from the active bookings and blocks meeting it."""
    slot.block = next((b for b in meeting if b.is_block), None)
    slot.bookings = [b for b in meeting if not b.is_block]
    if slot.block is not None:
        slot.block_starts_here = slot.block.pk not in seen_blocks
        seen_blocks.add(slot.block.pk)
        slot.places_left = 0 if capacity is not None else None
    elif capacity is not None:
        slot.places_left = max(capacity - sum(b.people for b in slot.bookings), 0)
    else:
        slot.booking = slot.bookings[0] if slot.bookings else None


def resource_week(*, machine=None, space=None, monday: dt.date) -> Week:
    """The week of `machine` or of `space` (exactly one) starting on `monday`."""
    if (machine is None) == (space is None):
        raise ValueError("resource_week needs a machine or a space")
    resource = machine or space
    tz = resource.lab.tzinfo
    rule = rule_for(resource)
    step = rule.slot_minutes
    capacity = space_capacity(space) if space is not None else None
    week_start = at_wall_clock(monday, dt.time(0), tz)
    week_end = at_wall_clock(monday + dt.timedelta(days=7), dt.time(0), tz)
    # A slot right before a booking is held too when the new booking's buffer would run into
    # it (the same rule as booking.selectors.availability).
    buffer = dt.timedelta(minutes=rule.buffer_minutes)
    held = list(
        active_bookings()
        .filter(lab_id=resource.lab_id, start__lt=week_end + buffer, blocked_until__gt=week_start)
        .filter(**({"machine_id": machine.pk} if machine else {"space_id": space.pk}))
        .select_related("member")
        .order_by("start", "id")
    )
    days = {
        monday + dt.timedelta(days=n): Day(date=monday + dt.timedelta(days=n)) for n in range(7)
    }
    now = timezone.now()
    seen_blocks: set[int] = set()
    for open_start, open_end in opening_ranges(lab=resource.lab, start=week_start, end=week_end):
        for start in _slot_starts(open_start, open_end, step, tz):
            end = start + dt.timedelta(minutes=step)
            day = days.get(timezone.localtime(start, tz).date())
            if day is None:
                continue
            slot = Slot(start=start, end=end, past=start < now)
            meeting = [b for b in held if b.start - buffer < end and b.blocked_until > start]
            _fill(slot, meeting, capacity, seen_blocks)
            day.slots.append(slot)
    in_week = [b for b in held if b.start < week_end]
    return Week(
        monday=monday,
        rule=rule,
        days=list(days.values()),
        capacity=capacity,
        bookings=[b for b in in_week if not b.is_block],
        blocks=[b for b in in_week if b.is_block],
    )
