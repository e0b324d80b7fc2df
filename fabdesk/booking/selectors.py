"""Reads of bookings: lists with their joins done, the free intervals of a machine and the
places left in a space over time."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet

from fabdesk.equipment.models import Machine, Space
from fabdesk.schedule.selectors import opening_ranges

from .models import Booking, BookingStatus
from .rules import rule_for

Interval = tuple[dt.datetime, dt.datetime]
Load = tuple[dt.datetime, dt.datetime, int]  # from, to, people (or places left)


def active_bookings() -> QuerySet[Booking]:
    return Booking.objects.exclude(status=BookingStatus.CANCELLED)


def space_capacity(space: Space) -> int:
    """The places of a space: its capacity, or 1 when none is set."""
    return space.capacity or 1


def target(resource: Machine | Space) -> dict:
    """The booking field naming the resource (a machine or a space), for filters and rows."""
    return {"space_id" if isinstance(resource, Space) else "machine_id": resource.pk}


def booking_list(
    *,
    lab,
    member_id: int | None = None,
    machine_id: int | None = None,
    space_id: int | None = None,
    kind: str | None = None,
    start_from: dt.datetime | None = None,
    start_to: dt.datetime | None = None,
    include_cancelled: bool = False,
) -> QuerySet[Booking]:
    bookings = Booking.objects.filter(lab=lab).select_related("machine", "space", "member")
    if not include_cancelled:
        bookings = bookings.exclude(status=BookingStatus.CANCELLED)
    if member_id is not None:
        bookings = bookings.filter(member_id=member_id)
    if machine_id is not None:
        bookings = bookings.filter(machine_id=machine_id)
    if space_id is not None:
        bookings = bookings.filter(space_id=space_id)
    if kind is not None:
        bookings = bookings.filter(kind=kind)
    if start_from is not None:
        bookings = bookings.filter(end__gt=start_from)
    if start_to is not None:
        bookings = bookings.filter(start__lt=start_to)
    return bookings.order_by("start", "id")


def overlapping(
    *,
    start: dt.datetime,
    blocked_until: dt.datetime,
    machine_id: int | None = None,
    space_id: int | None = None,
    exclude_pk: int | None = None,
) -> QuerySet[Booking]:
    """Active bookings (and blocks) of the machine or the space whose blocked time meets
    [start, blocked_until), but the booking `exclude_pk` (the one being moved)."""
    target = {"machine_id": machine_id} if machine_id is not None else {"space_id": space_id}
    bookings = active_bookings().filter(**target, start__lt=blocked_until, blocked_until__gt=start)
    return bookings.exclude(pk=exclude_pk) if exclude_pk is not None else bookings


def occupancy(rows: Iterable[tuple[dt.datetime, dt.datetime, int]]) -> list[Load]:
    """The people present over time, from (start, until, people) rows: sorted, disjoint
    (from, to, people) pieces where the total stays the same, empty time left out (a sweep
    over the rows' change points)."""
    change: dict[dt.datetime, int] = defaultdict(int)
    for start, until, people in rows:
        change[start] += people
        change[until] -= people
    pieces: list[Load] = []
    level, previous = 0, None
    for moment in sorted(change):
        if level and previous is not None:
            if pieces and pieces[-1][1] == previous and pieces[-1][2] == level:
                pieces[-1] = (pieces[-1][0], moment, level)
            else:
                pieces.append((previous, moment, level))
        level += change[moment]
        previous = moment
    return pieces


def subtract(free: list[Interval], taken: list[Interval]) -> list[Interval]:
    """`free` (sorted, disjoint) minus every interval of `taken` (any order, may overlap).
    One pass over both once `taken` is sorted: O((n + m) log m), not O(n * m), so a month
    holding thousands of bookings costs milliseconds."""
    cuts = sorted(taken)
    kept: list[Interval] = []
    i = 0
    for start, end in free:
        # Cuts ending before this free interval cannot touch it nor any later one.
        while i < len(cuts) and cuts[i][1] <= start:
            i += 1
        cursor, j = start, i
        while j < len(cuts) and cuts[j][0] < end:
            cut_start, cut_end = cuts[j]
            if cut_start > cursor:
                kept.append((cursor, cut_start))
            cursor = max(cursor, cut_end)
            if cursor >= end:
                break
            j += 1
        if cursor < end:
            kept.append((cursor, end))
    return kept


def _taken(resource, start: dt.datetime, end: dt.datetime, buffer: dt.timedelta):
    """(start, until, people) of the resource's active bookings meeting [start, end), each
    taking the buffer before its start too: a new booking ending right before one needs its
    own buffer, so every interval offered can be booked whole."""
    met = overlapping(**target(resource), start=start - buffer, blocked_until=end + buffer)
    rows = met.values_list("start", "blocked_until", "people")
    return [(begin - buffer, until, people) for begin, until, people in rows]


def availability(*, machine: Machine, start: dt.datetime, end: dt.datetime) -> list[Interval]:
    """The free intervals of `machine` in [start, end): the lab's opening ranges minus the
    machine's active bookings with their buffers (taken before each booking too). A fixed
    number of queries, whatever the length of the history (the bookings read are those
    meeting the window, by index)."""
    free = opening_ranges(lab=machine.lab, start=start, end=end)
    if not free:
        return []
    buffer = dt.timedelta(minutes=rule_for(machine).buffer_minutes)
    taken = _taken(machine, start, end, buffer)
    return subtract(free, sorted((begin, until) for begin, until, _people in taken))


def _levels(load: list[Load], low: dt.datetime, high: dt.datetime):
    """(from, to, people) covering [low, high) whole, 0 where nobody is."""
    cursor = low
    for begin, until, level in load:
        if until <= low or begin >= high:
            continue
        begin, until = max(begin, low), min(until, high)
        if cursor < begin:
            yield cursor, begin, 0
        yield begin, until, level
        cursor = until
    if cursor < high:
        yield cursor, high, 0


def space_availability(
    *, space: Space, start: dt.datetime, end: dt.datetime, people: int = 1
) -> list[Load]:
    """(from, to, places left) in [start, end) within the lab's opening hours where at least
    `people` places are left in `space`, split where the places left change. Blocks take the
    whole space; each booking takes the buffer before its start too (see `_taken`)."""
    capacity = space_capacity(space)
    if people > capacity:
        return []
    opening = opening_ranges(lab=space.lab, start=start, end=end)
    if not opening:
        return []
    buffer = dt.timedelta(minutes=rule_for(space).buffer_minutes)
    load = occupancy(_taken(space, start, end, buffer))
    slots: list[Load] = []
    for open_start, open_end in opening:
        for begin, until, level in _levels(load, open_start, open_end):
            left = capacity - level
            if left < people:
                continue
            if slots and slots[-1][1] == begin and slots[-1][2] == left:
                slots[-1] = (slots[-1][0], until, left)
            else:
                slots.append((begin, until, left))
    return slots
