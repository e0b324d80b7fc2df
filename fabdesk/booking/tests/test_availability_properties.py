"""Availability, checked against random opening hours and random bookings (hypothesis): the
free intervals it gives are exactly bookable, and nothing busy is ever bookable. Random
sequences of booking, cancelling and moving never overlap on a machine nor overfill a
space."""

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fabdesk.booking.models import Booking, BookingRule
from fabdesk.booking.selectors import active_bookings, availability, occupancy
from fabdesk.booking.services import booking_cancel, booking_create, booking_move
from fabdesk.core.errors import Conflict, DomainError
from fabdesk.equipment.models import Space
from fabdesk.schedule.models import WeeklyRange
from fabdesk.schedule.selectors import opening_ranges

from .conftest import at

pytestmark = pytest.mark.django_db

STEP = 15  # minutes: the rule's slot step and the grid of every random time
SLOTS = 24 * 60 // STEP
PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@st.composite
def day_plan(draw):
    """Opening ranges of the day and bookings (start slot, length in slots), each sorted and
    disjoint once the buffer is added, as slot numbers on a 15-minute grid."""
    cuts = sorted(draw(st.sets(st.integers(1, SLOTS - 1), min_size=2, max_size=6)))
    opening = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False)]
    buffer = draw(st.sampled_from([0, 1, 2]))
    bookings, cursor = [], 0
    for _ in range(draw(st.integers(0, 5))):
        start = cursor + draw(st.integers(0, 12))
        length = draw(st.integers(1, 12))
        if start + length + buffer > SLOTS:
            break
        bookings.append((start, length))
        cursor = start + length + buffer
    return opening, bookings, buffer


def _setup(lab, machine, member, opening, bookings, buffer, day):
    Booking.objects.all().delete()
    WeeklyRange.objects.filter(lab=lab).delete()
    BookingRule.objects.filter(lab=lab).delete()
    BookingRule.objects.create(
        lab=lab, slot_minutes=STEP, min_minutes=STEP, max_minutes=24 * 60,
        buffer_minutes=buffer * STEP, requires_certification=False,
    )  # fmt: skip
    weekday = day.weekday()
    for opens, closes in opening:
        WeeklyRange.objects.create(
            lab=lab, weekday=weekday, opens_at=_time(opens), closes_at=_time(closes)
        )
    rows = []
    for start_slot, length in bookings:
        start = _moment(day, start_slot)
        end = start + dt.timedelta(minutes=length * STEP)
        rows.append(Booking.objects.create(
            lab=lab, machine=machine, member=member, start=start, end=end,
            blocked_until=end + dt.timedelta(minutes=buffer * STEP),
        ))  # fmt: skip
    return rows


def _time(slot: int) -> dt.time:
    return dt.time(slot * STEP // 60, slot * STEP % 60)


def _moment(day: dt.datetime, slot: int) -> dt.datetime:
    return day + dt.timedelta(minutes=slot * STEP)


@pytest.fixture
def day(lab):
    """Midnight, lab time, in three days: bookable (no notice, within the advance limit)."""
    return at(lab, 3, 0)


@PROPERTY
@given(plan=day_plan())
def test_free_intervals_are_open_sorted_disjoint_and_clear_of_bookings(
    lab, machine, member, day, plan
):
    opening, bookings, buffer = plan
    rows = _setup(lab, machine, member, opening, bookings, buffer, day)
    window_end = day + dt.timedelta(days=1)
    free = availability(machine=machine, start=day, end=window_end)
    open_ranges = opening_ranges(lab=lab, start=day, end=window_end)

    pad = dt.timedelta(minutes=buffer * STEP)
    for start, end in free:
        assert start < end
        assert any(o_start <= start and end <= o_end for o_start, o_end in open_ranges)
        for row in rows:  # a booking of the whole interval keeps its own buffer clear too
            assert end + pad <= row.start or start >= row.blocked_until
    for (_, end), (next_start, _) in itertools.pairwise(free):
        assert end < next_start  # sorted, disjoint, and never two touching pieces
    # Everything open and not blocked is offered: the free time adds up. A booking blocks
    # from its buffer before it (room for the previous booking's buffer) to its own end.
    merged: list[list[dt.datetime]] = []
    for begin, until in sorted((r.start - pad, r.blocked_until) for r in rows):
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], until)
        else:
            merged.append([begin, until])
    blocked = sum(
        (min(until, o_end) - max(begin, o_start)).total_seconds()
        for begin, until in merged
        for o_start, o_end in open_ranges
        if begin < o_end and until > o_start
    )
    opened = sum((o_end - o_start).total_seconds() for o_start, o_end in open_ranges)
    assert sum((end - start).total_seconds() for start, end in free) == opened - blocked


@PROPERTY
@given(plan=day_plan(), pick=st.integers(0, 10_000))
def test_any_free_slot_can_be_booked(lab, machine, member, day, plan, pick):
    opening, bookings, buffer = plan
    _setup(lab, machine, member, opening, bookings, buffer, day)
    free = availability(machine=machine, start=day, end=day + dt.timedelta(days=1))
    step, pad = dt.timedelta(minutes=STEP), dt.timedelta(minutes=buffer * STEP)
    # Any aligned slot inside a free interval, its own buffer included, can be booked.
    slots = [
        (start + i * step, start + (i + 1) * step)
        for start, end in free
        for i in range(int((end - start) / step))
    ]
    if not slots:
        return
    start, end = slots[pick % len(slots)]
    booking = booking_create(actor=member, machine=machine, member=member, start=start, end=end)
    assert booking.pk and booking.blocked_until == end + pad


@PROPERTY
@given(plan=day_plan(), pick=st.integers(0, 10_000))
def test_no_busy_instant_can_be_booked_even_by_staff(lab, machine, member, staff, day, plan, pick):
    opening, bookings, buffer = plan
    rows = _setup(lab, machine, member, opening, bookings, buffer, day)
    if not rows:
        return
    row = rows[pick % len(rows)]
    busy_slots = int((row.blocked_until - row.start) / dt.timedelta(minutes=STEP))
    start = row.start + dt.timedelta(minutes=STEP * (pick % busy_slots))
    with pytest.raises(Conflict) as caught:
        booking_create(
            actor=staff, machine=machine, member=member, start=start,
            end=start + dt.timedelta(minutes=STEP), override_reason="Property test",
        )  # fmt: skip
    assert caught.value.code == "slot_taken"
    assert Booking.objects.count() == len(rows)


# Random sequences of book / cancel / move -----------------------------------------------------

OPEN_FROM = 8 * 60 // STEP  # the open_lab fixture opens at 8:00 (and closes at 20:00)


@st.composite
def operations(draw):
    """A buffer (in steps) and 3 to 16 steps, each a booking (who, start slot, length,
    people), a cancellation or a move (of the n-th booking made so far, to a new start and
    length, by its member or by staff). Times fall between 8:00 and 14:00, so they collide."""
    start = st.integers(OPEN_FROM, OPEN_FROM + 16)
    length = st.integers(1, 8)
    book = st.tuples(st.just("book"), st.integers(0, 2), start, length, st.integers(1, 3))
    step = st.one_of(
        book,
        book,
        st.tuples(st.just("cancel"), st.integers(0, 20)),
        st.tuples(st.just("move"), st.integers(0, 20), start, length, st.booleans()),
    )
    return draw(st.integers(0, 2)), draw(st.lists(step, min_size=3, max_size=16))


def _run(plan, *, people_of, resource, people: list, staff, day) -> None:
    buffer, steps = plan
    BookingRule.objects.filter(lab=staff.lab).delete()
    BookingRule.objects.create(
        lab=staff.lab, slot_minutes=STEP, min_minutes=STEP, max_minutes=12 * 60,
        buffer_minutes=buffer * STEP, requires_certification=False,
    )  # fmt: skip
    Booking.objects.all().delete()
    made: list[Booking] = []
    for step in steps:
        try:
            if step[0] == "book":
                _, who, start, length, wanted = step
                member = people[who]
                made.append(booking_create(
                    actor=member, member=member, **resource, people=people_of(wanted),
                    start=_moment(day, start), end=_moment(day, start + length),
                ))  # fmt: skip
            elif made and step[0] == "cancel":
                booking_cancel(actor=staff, booking=made[step[1] % len(made)])
            elif made:
                _, pick, start, length, by_staff = step
                booking = made[pick % len(made)]
                booking_move(
                    actor=staff if by_staff else booking.member, booking=booking,
                    start=_moment(day, start), end=_moment(day, start + length),
                )  # fmt: skip
        except DomainError:
            pass  # a refusal changes nothing; what was stored is checked below


@PROPERTY
@given(plan=operations())
def test_no_sequence_of_book_cancel_move_overlaps_on_a_machine(
    open_lab, machine, member, other_member, staff, day, plan
):
    _run(plan, people_of=lambda wanted: 1, resource={"machine": machine},
         people=[member, other_member, staff], staff=staff, day=day)  # fmt: skip
    held = list(active_bookings().filter(machine=machine).order_by("start"))
    for before, after in itertools.pairwise(held):
        assert before.blocked_until <= after.start, (before, after)


@PROPERTY
@given(plan=operations())
def test_no_sequence_of_book_cancel_move_overfills_a_space(
    open_lab, member, other_member, staff, day, plan
):
    room = Space.objects.get_or_create(
        lab=open_lab, slug="meeting-room", defaults={"name": "Meeting room", "capacity": 3,
                                                "bookable": True},
    )[0]  # fmt: skip
    _run(plan, people_of=lambda wanted: wanted, resource={"space": room},
         people=[member, other_member, staff], staff=staff, day=day)  # fmt: skip
    rows = active_bookings().filter(space=room).values_list("start", "blocked_until", "people")
    assert all(people <= 3 for _start, _end, people in occupancy(rows))
