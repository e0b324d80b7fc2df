"""When is the lab open? Weekly ranges, closures and exceptional openings, in Europe/Paris
wall-clock time, across daylight-saving days."""

import datetime as dt
import zoneinfo

import pytest

from fabdesk.schedule.selectors import is_open_between, opening_ranges

from .factories import ClosureFactory, ExceptionalOpeningFactory, WeeklyRangeFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
UTC = dt.UTC
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
pytestmark = pytest.mark.django_db


def paris(day: dt.date, hour: int, minute: int = 0, fold: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute, fold=fold), tzinfo=PARIS)


def week_of(lab, monday: dt.date):
    return opening_ranges(lab=lab, start=paris(monday, 0), end=paris(monday + dt.timedelta(7), 0))


def weekly(lab, weekday, opens, closes):
    return WeeklyRangeFactory(
        lab=lab, weekday=weekday, opens_at=dt.time(*opens), closes_at=dt.time(*closes)
    )


@pytest.fixture
def lab(lab):
    lab.time_zone = "Europe/Paris"
    lab.save()
    return lab


def test_an_empty_schedule_is_always_closed(lab):
    assert week_of(lab, dt.date(2025, 6, 2)) == []
    assert not is_open_between(
        lab=lab, start=paris(dt.date(2025, 6, 3), 10), end=paris(dt.date(2025, 6, 3), 11)
    )


def test_several_ranges_a_day_in_order_and_in_utc(lab):
    weekly(lab, THU, (20,), (22,))
    weekly(lab, THU, (14,), (19,))
    thursday = dt.date(2025, 6, 5)  # summer time: UTC+2
    ranges = week_of(lab, dt.date(2025, 6, 2))
    assert ranges == [
        (paris(thursday, 14), paris(thursday, 19)),
        (paris(thursday, 20), paris(thursday, 22)),
    ]
    assert ranges[0][0] == dt.datetime(2025, 6, 5, 12, tzinfo=UTC)
    assert all(start.utcoffset() == dt.timedelta(0) for start, _end in ranges)


def test_ten_o_clock_stays_ten_o_clock_across_spring_forward(lab):
    weekly(lab, SAT, (10,), (12,))
    weekly(lab, SUN, (10,), (12,))
    weekly(lab, MON, (10,), (12,))
    saturday = dt.date(2025, 3, 29)  # the clocks go forward in the night of 29 to 30 March
    ranges = opening_ranges(
        lab=lab, start=paris(saturday, 0), end=paris(saturday + dt.timedelta(3), 0)
    )
    assert [start.astimezone(PARIS).time() for start, _end in ranges] == [dt.time(10)] * 3
    assert [start.astimezone(UTC).hour for start, _end in ranges] == [9, 8, 8]


def test_ten_o_clock_stays_ten_o_clock_across_fall_back(lab):
    weekly(lab, SUN, (10,), (12,))
    weekly(lab, MON, (10,), (12,))
    sunday = dt.date(2025, 10, 26)  # the clocks go back at 03:00 that night
    ranges = opening_ranges(
        lab=lab, start=paris(sunday - dt.timedelta(7), 0), end=paris(sunday + dt.timedelta(2), 0)
    )
    assert [(s.astimezone(PARIS).date().day, s.astimezone(PARIS).time()) for s, _e in ranges] == [
        (19, dt.time(10)), (20, dt.time(10)), (26, dt.time(10)), (27, dt.time(10)),
    ]  # fmt: skip
    assert [s.hour for s, _e in ranges] == [8, 8, 9, 9]


def test_a_night_range_lasts_the_real_time_on_daylight_saving_days(lab):
    weekly(lab, SUN, (1,), (4,))  # 01:00-04:00 wall clock
    spring = opening_ranges(
        lab=lab, start=paris(dt.date(2025, 3, 30), 0), end=paris(dt.date(2025, 3, 31), 0)
    )
    autumn = opening_ranges(
        lab=lab, start=paris(dt.date(2025, 10, 26), 0), end=paris(dt.date(2025, 10, 27), 0)
    )
    assert [end - start for start, end in spring] == [dt.timedelta(hours=2)]
    assert [end - start for start, end in autumn] == [dt.timedelta(hours=4)]


def test_a_range_inside_the_skipped_hour_is_empty(lab):
    weekly(lab, SUN, (2, 15), (2, 45))
    sunday = dt.date(2025, 3, 30)
    assert opening_ranges(lab=lab, start=paris(sunday, 0), end=paris(sunday, 23)) == []


def test_a_range_ending_in_the_skipped_hour_ends_when_the_clocks_change(lab):
    weekly(lab, SUN, (1,), (2, 30))
    sunday = dt.date(2025, 3, 30)
    assert opening_ranges(lab=lab, start=paris(sunday, 0), end=paris(sunday, 23)) == [
        (dt.datetime(2025, 3, 30, 0, tzinfo=UTC), dt.datetime(2025, 3, 30, 1, tzinfo=UTC))
    ]


def test_a_closure_over_several_days(lab):
    for day in (TUE, WED, THU, FRI, SAT):
        weekly(lab, day, (14,), (19,))
    ClosureFactory(lab=lab, start_date=dt.date(2025, 12, 24), end_date=dt.date(2026, 1, 1))
    ranges = opening_ranges(
        lab=lab, start=paris(dt.date(2025, 12, 22), 0), end=paris(dt.date(2026, 1, 4), 0)
    )
    days = [start.astimezone(PARIS).date() for start, _end in ranges]
    assert days == [dt.date(2025, 12, 23), dt.date(2026, 1, 2), dt.date(2026, 1, 3)]


def test_a_closure_of_some_hours_only(lab):
    weekly(lab, WED, (10,), (18,))
    wednesday = dt.date(2025, 6, 4)
    ClosureFactory(
        lab=lab,
        start_date=wednesday,
        end_date=wednesday,
        start_time=dt.time(12),
        end_time=dt.time(14),
    )
    assert week_of(lab, dt.date(2025, 6, 2)) == [
        (paris(wednesday, 10), paris(wednesday, 12)),
        (paris(wednesday, 14), paris(wednesday, 18)),
    ]
    assert is_open_between(lab=lab, start=paris(wednesday, 10), end=paris(wednesday, 12))
    assert not is_open_between(lab=lab, start=paris(wednesday, 11), end=paris(wednesday, 15))


def test_a_closure_of_hours_that_cover_a_range_start_or_end(lab):
    weekly(lab, WED, (10,), (12,))
    weekly(lab, WED, (14,), (18,))
    wednesday = dt.date(2025, 6, 4)
    ClosureFactory(
        lab=lab,
        start_date=wednesday,
        end_date=wednesday,
        start_time=dt.time(11),
        end_time=dt.time(15),
    )
    assert week_of(lab, dt.date(2025, 6, 2)) == [
        (paris(wednesday, 10), paris(wednesday, 11)),
        (paris(wednesday, 15), paris(wednesday, 18)),
    ]


def test_an_exceptional_sunday_opening(lab):
    weekly(lab, SAT, (10,), (18,))
    sunday = dt.date(2025, 6, 8)
    ExceptionalOpeningFactory(lab=lab, date=sunday, opens_at=dt.time(14), closes_at=dt.time(17))
    ranges = week_of(lab, dt.date(2025, 6, 2))
    assert ranges[-1] == (paris(sunday, 14), paris(sunday, 17))
    assert is_open_between(lab=lab, start=paris(sunday, 14), end=paris(sunday, 17))
    assert not is_open_between(lab=lab, start=paris(sunday, 13), end=paris(sunday, 15))


def test_an_exceptional_opening_wins_over_a_closure_and_merges_with_the_week(lab):
    weekly(lab, SAT, (10,), (12,))
    saturday = dt.date(2025, 12, 27)
    ClosureFactory(lab=lab, start_date=dt.date(2025, 12, 24), end_date=dt.date(2026, 1, 1))
    ExceptionalOpeningFactory(lab=lab, date=saturday, opens_at=dt.time(14), closes_at=dt.time(16))
    assert opening_ranges(lab=lab, start=paris(saturday, 0), end=paris(saturday, 23)) == [
        (paris(saturday, 14), paris(saturday, 16))
    ]
    ExceptionalOpeningFactory(
        lab=lab, date=dt.date(2025, 6, 7), opens_at=dt.time(11), closes_at=dt.time(13)
    )
    assert opening_ranges(
        lab=lab, start=paris(dt.date(2025, 6, 7), 0), end=paris(dt.date(2025, 6, 8), 0)
    ) == [(paris(dt.date(2025, 6, 7), 10), paris(dt.date(2025, 6, 7), 13))]


def test_ranges_crossing_the_query_bounds_are_clipped(lab):
    weekly(lab, MON, (10,), (18,))
    monday = dt.date(2025, 6, 2)
    start, end = (
        paris(monday, 12),
        paris(monday, 15).astimezone(dt.timezone(dt.timedelta(hours=-5))),
    )
    assert opening_ranges(lab=lab, start=start, end=end) == [(paris(monday, 12), paris(monday, 15))]
    assert is_open_between(lab=lab, start=start, end=end)
    assert not is_open_between(lab=lab, start=paris(monday, 17), end=paris(monday, 19))
    assert opening_ranges(lab=lab, start=end, end=start) == []


def test_only_the_labs_own_hours_count(lab):
    other = WeeklyRangeFactory(weekday=MON, lab__slug="other")
    assert other.lab != lab
    assert week_of(lab, dt.date(2025, 6, 2)) == []


def test_naive_datetimes_are_refused(lab):
    with pytest.raises(ValueError):
        opening_ranges(lab=lab, start=dt.datetime(2025, 6, 2), end=dt.datetime(2025, 6, 3))


def test_the_query_count_does_not_grow_with_the_span(lab, django_assert_num_queries):
    for day in range(7):
        weekly(lab, day, (9,), (12,))
    ClosureFactory(lab=lab)
    ExceptionalOpeningFactory(lab=lab)
    with django_assert_num_queries(3):
        ranges = opening_ranges(
            lab=lab, start=paris(dt.date(2025, 1, 1), 0), end=paris(dt.date(2026, 1, 1), 0)
        )
    assert len(ranges) == 365 - 8  # 24 to 31 December closed; the Sunday opening merges
