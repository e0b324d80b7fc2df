"""Where a maintenance plan stands: pure computation, no database."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest

from fabdesk.maintenance.due import DUE_SOON, OK, OVERDUE, compute_due, soon_margin

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
DONE = dt.datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)


def due(*, every_hours=None, every_days=None, hours_since="0", now=None, last_hours="100"):
    return compute_due(
        every_hours=every_hours,
        every_days=every_days,
        last_done_at=DONE,
        last_done_hours=Decimal(last_hours),
        usage_hours=Decimal(last_hours) + Decimal(hours_since),
        now=now or DONE,
        tz=PARIS,
    )


def days_later(days: int, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(DONE.date() + dt.timedelta(days=days), dt.time(hour), PARIS)


@pytest.mark.parametrize(
    ("hours_since", "state", "left"),
    [
        ("0", OK, "20"),
        ("17.99", OK, "2.01"),
        ("18", DUE_SOON, "2"),  # 10 % of 20 h = 2 h before
        ("19.99", DUE_SOON, "0.01"),
        ("20", OVERDUE, "0"),  # exactly at the limit: due now, so overdue
        ("26.5", OVERDUE, "-6.5"),
    ],
)
def test_by_hours_of_use(hours_since, state, left):
    result = due(every_hours=20, hours_since=hours_since)
    assert result.state == state
    assert result.hours_since == Decimal(hours_since)
    assert result.hours_left == Decimal(left)
    assert result.next_due_hours == Decimal("120")
    assert result.days_left is None and result.next_due_date is None


def test_hours_margin_is_a_tenth_of_long_intervals():
    assert due(every_hours=50, hours_since="44.9").state == OK
    assert due(every_hours=50, hours_since="45").state == DUE_SOON


@pytest.mark.parametrize(
    ("days", "state", "left"),
    [
        (0, OK, 30),
        (26, OK, 4),
        (27, DUE_SOON, 3),  # three days before
        (29, DUE_SOON, 1),
        (30, OVERDUE, 0),  # the due date itself: the 30 days have passed
        (45, OVERDUE, -15),
    ],
)
def test_by_days(days, state, left):
    result = due(every_days=30, now=days_later(days))
    assert result.state == state
    assert result.days_since == days
    assert result.days_left == left
    assert result.next_due_date == dt.date(2026, 4, 1)
    assert result.hours_left is None and result.next_due_hours is None


def test_days_are_calendar_days_in_the_lab_time_zone():
    """Done at 23:30 in Paris (22:30 UTC): the next morning is one day later in Paris,
    although fewer than 24 hours have passed."""
    late = dt.datetime(2026, 3, 2, 23, 30, tzinfo=PARIS)
    next_morning = dt.datetime(2026, 3, 3, 8, 0, tzinfo=PARIS).astimezone(dt.UTC)
    result = compute_due(
        every_hours=None, every_days=1, last_done_at=late.astimezone(dt.UTC),
        last_done_hours=Decimal("0"), usage_hours=Decimal("0"), now=next_morning, tz=PARIS,
    )  # fmt: skip
    assert result.days_since == 1
    assert result.state == OVERDUE


def test_a_daylight_saving_day_counts_as_one_day():
    """Paris springs forward on 29 March 2026 (a 23-hour day). Done on the 29th at 00:30, the
    30th at 00:10 is the next day although fewer than 23 hours have passed; the due date of a
    daily plan is the 30th."""
    done = dt.datetime(2026, 3, 29, 0, 30, tzinfo=PARIS).astimezone(dt.UTC)
    now = dt.datetime(2026, 3, 30, 0, 10, tzinfo=PARIS).astimezone(dt.UTC)
    assert now - done < dt.timedelta(hours=23)
    result = compute_due(
        every_hours=None, every_days=1, last_done_at=done, last_done_hours=Decimal("0"),
        usage_hours=Decimal("0"), now=now, tz=PARIS,
    )  # fmt: skip
    assert result.days_since == 1
    assert result.next_due_date == dt.date(2026, 3, 30)
    assert result.state == OVERDUE
    # Falling back on 25 October (a 25-hour day): 24.5 hours later is still the same day.
    done = dt.datetime(2026, 10, 25, 0, 15, tzinfo=PARIS).astimezone(dt.UTC)
    now = done + dt.timedelta(hours=24, minutes=30)
    assert now.astimezone(PARIS).date() == dt.date(2026, 10, 25)
    result = compute_due(
        every_hours=None, every_days=1, last_done_at=done, last_done_hours=Decimal("0"),
        usage_hours=Decimal("0"), now=now, tz=PARIS,
    )  # fmt: skip
    assert result.days_since == 0


def test_both_intervals_whichever_comes_first():
    # Hours first: 21 h of use after 5 days of a "20 h or 30 days" plan.
    by_hours = due(every_hours=20, every_days=30, hours_since="21", now=days_later(5))
    assert by_hours.state == OVERDUE
    assert by_hours.days_left == 25
    # Days first: 31 days but only 3 h of use.
    by_days = due(every_hours=20, every_days=30, hours_since="3", now=days_later(31))
    assert by_days.state == OVERDUE
    assert by_days.hours_left == Decimal("17")
    # One limit near, the other far: due soon.
    soon = due(every_hours=20, every_days=30, hours_since="2", now=days_later(28))
    assert soon.state == DUE_SOON
    # Both far: ok.
    assert due(every_hours=20, every_days=30, hours_since="2", now=days_later(3)).state == OK


def test_progress_orders_the_most_behind_first():
    a = due(every_hours=20, hours_since="30")  # 150 %
    b = due(every_days=10, now=days_later(12))  # 120 %
    assert a.progress == Decimal("1.5") and b.progress == Decimal("1.2")


def test_never_done_counts_from_creation():
    """A new plan starts at its creation (last_done = created): nothing is due yet."""
    result = due(every_hours=20, every_days=30, hours_since="0", now=DONE)
    assert result.state == OK
    assert result.hours_since == 0 and result.days_since == 0


def test_counter_corrected_below_its_value_when_last_done():
    result = due(every_hours=20, hours_since="-40", last_hours="100")
    assert result.hours_since == 0
    assert result.counter_behind is True
    assert result.state == OK


def test_a_clock_before_last_done_counts_zero_days():
    result = due(every_days=7, now=DONE - dt.timedelta(days=2))
    assert result.days_since == 0
    assert result.state == OK


def test_a_plan_needs_an_interval():
    with pytest.raises(ValueError):
        due()


@pytest.mark.parametrize(
    ("interval", "minimum", "margin"),
    [("20", "2", "2"), ("50", "2", "5"), ("2", "2", "1"), ("30", "3", "3"), ("365", "3", "36.5")],
)
def test_soon_margin(interval, minimum, margin):
    assert soon_margin(Decimal(interval), Decimal(minimum)) == Decimal(margin)


def test_short_day_intervals_are_due_soon_only_the_day_before():
    assert due(every_days=2, now=days_later(0)).state == OK
    assert due(every_days=2, now=days_later(1)).state == DUE_SOON
    assert due(every_days=7, now=days_later(3)).state == OK
    assert due(every_days=7, now=days_later(4)).state == DUE_SOON
