"""Properties of opening_ranges over random schedules and bounds: sorted, disjoint, within the
bounds, and every instant inside a range is open (is_open_between agrees)."""

import datetime as dt
import itertools
import zoneinfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fabdesk.schedule.models import Closure, ExceptionalOpening, WeeklyRange
from fabdesk.schedule.selectors import is_open_between, opening_ranges

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
BASE = dt.date(2025, 3, 24)  # the week the clocks go forward

times = st.integers(min_value=0, max_value=47).map(lambda half: dt.time(half // 2, 30 * (half % 2)))
spans = st.tuples(times, times).filter(lambda pair: pair[0] < pair[1])
days = st.integers(min_value=0, max_value=13).map(lambda n: BASE + dt.timedelta(days=n))
instants = st.integers(min_value=0, max_value=14 * 24 * 4).map(
    lambda quarter: (
        dt.datetime.combine(BASE, dt.time(), tzinfo=PARIS) + dt.timedelta(minutes=15 * quarter)
    )
)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    weekly=st.lists(st.tuples(st.integers(0, 6), spans), max_size=8),
    closures=st.lists(st.tuples(days, days, st.none() | spans), max_size=3),
    openings=st.lists(st.tuples(days, spans), max_size=3),
    bounds=st.tuples(instants, instants),
)
def test_ranges_are_sorted_disjoint_and_within_bounds(lab, weekly, closures, openings, bounds):
    WeeklyRange.objects.all().delete()
    Closure.objects.all().delete()
    ExceptionalOpening.objects.all().delete()
    seen = set()
    for weekday, (opens, closes) in weekly:
        if (weekday, opens) not in seen:
            seen.add((weekday, opens))
            WeeklyRange.objects.create(lab=lab, weekday=weekday, opens_at=opens, closes_at=closes)
    for first, last, hours in closures:
        first, last = min(first, last), max(first, last)
        start_time, end_time = hours or (None, None)
        Closure.objects.create(
            lab=lab,
            label="x",
            start_date=first,
            end_date=last,
            start_time=start_time,
            end_time=end_time,
        )
    for date, (opens, closes) in openings:
        ExceptionalOpening.objects.create(
            lab=lab, label="x", date=date, opens_at=opens, closes_at=closes
        )
    start, end = min(bounds), max(bounds)
    ranges = opening_ranges(lab=lab, start=start, end=end)
    for range_start, range_end in ranges:
        assert start <= range_start < range_end <= end
    for (_s1, previous_end), (next_start, _e2) in itertools.pairwise(ranges):
        assert previous_end < next_start  # sorted, disjoint and merged
    for range_start, range_end in ranges:
        assert is_open_between(lab=lab, start=range_start, end=range_end)
