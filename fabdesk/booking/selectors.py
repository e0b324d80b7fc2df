"""Reads of bookings: lists with their joins done, and the free intervals of a machine."""

import datetime as dt

from django.db.models import QuerySet

from fabdesk.equipment.models import Machine
from fabdesk.schedule.selectors import opening_ranges

from .models import Booking, BookingStatus
from .rules import rule_for

Interval = tuple[dt.datetime, dt.datetime]


def active_bookings() -> QuerySet[Booking]:
    return Booking.objects.exclude(status=BookingStatus.CANCELLED)


def booking_list(
    *,
    lab,
    member_id: int | None = None,
    machine_id: int | None = None,
    start_from: dt.datetime | None = None,
    start_to: dt.datetime | None = None,
    include_cancelled: bool = False,
) -> QuerySet[Booking]:
    bookings = Booking.objects.filter(lab=lab).select_related("machine", "member")
    if not include_cancelled:
        bookings = bookings.exclude(status=BookingStatus.CANCELLED)
    if member_id is not None:
        bookings = bookings.filter(member_id=member_id)
    if machine_id is not None:
        bookings = bookings.filter(machine_id=machine_id)
    if start_from is not None:
        bookings = bookings.filter(end__gt=start_from)
    if start_to is not None:
        bookings = bookings.filter(start__lt=start_to)
    return bookings.order_by("start", "id")


def overlapping(*, machine_id: int, start: dt.datetime, blocked_until: dt.datetime):
    """Active bookings of the machine whose blocked time meets [start, blocked_until)."""
    return active_bookings().filter(
        machine_id=machine_id, start__lt=blocked_until, blocked_until__gt=start
    )


def subtract(free: list[Interval], taken: list[Interval]) -> list[Interval]:
    """`free` (sorted, disjoint) minus every interval of `taken`."""
    for cut_start, cut_end in taken:
        kept: list[Interval] = []
        for start, end in free:
            if cut_end <= start or cut_start >= end:
                kept.append((start, end))
                continue
            if start < cut_start:
                kept.append((start, cut_start))
            if cut_end < end:
                kept.append((cut_end, end))
        free = kept
    return free


def availability(*, machine: Machine, start: dt.datetime, end: dt.datetime) -> list[Interval]:
    """The free intervals of `machine` in [start, end): the lab's opening ranges minus the
    machine's active bookings with their buffers. A new booking ending right before another
    one needs its own buffer too, so each booking also takes the buffer before its start:
    every interval returned can be booked whole. A fixed number of queries, whatever the
    length of the history (the bookings read are those meeting the window, by index)."""
    free = opening_ranges(lab=machine.lab, start=start, end=end)
    if not free:
        return []
    buffer = dt.timedelta(minutes=rule_for(machine).buffer_minutes)
    taken = overlapping(
        machine_id=machine.pk, start=start - buffer, blocked_until=end + buffer
    ).values_list("start", "blocked_until")
    return subtract(free, sorted((begin - buffer, until) for begin, until in taken))
