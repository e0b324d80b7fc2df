"""Property tests of expiry and lapse: calendar months in the lab's time zone, over month
ends, leap years and daylight-saving days."""

import calendar
import datetime as dt
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fabdesk.core.tests.factories import LabFactory
from fabdesk.members.tests.factories import UserFactory
from fabdesk.training.certification_check import certification_state
from fabdesk.training.models import Certification
from fabdesk.training.validity import add_months, expiry_for, lapse_for

from .factories import TrainingFactory

ZONES = [zoneinfo.ZoneInfo(name) for name in (
    "Europe/Paris", "America/New_York", "Australia/Sydney", "Pacific/Chatham", "UTC",
)]  # fmt: skip
moments = st.datetimes(
    min_value=dt.datetime(1990, 1, 1),
    max_value=dt.datetime(2090, 12, 31),
    timezones=st.just(dt.UTC),
)
zones = st.sampled_from(ZONES)
months = st.integers(min_value=0, max_value=240)


def month_number(moment: dt.datetime) -> int:
    return moment.year * 12 + moment.month - 1


@given(moments, months, zones)
def test_adding_months_never_skips_nor_repeats_a_month(moment, n, tz):
    result = add_months(moment, n, tz)
    assert month_number(result) - month_number(moment.astimezone(tz)) == n


@given(moments, months, zones)
def test_the_day_is_kept_or_clamped_to_the_month_s_end(moment, n, tz):
    local, result = moment.astimezone(tz), add_months(moment, n, tz)
    last_day = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(local.day, last_day)


@given(moments, months, zones)
def test_results_are_aware_and_in_the_lab_s_zone(moment, n, tz):
    result = add_months(moment, n, tz)
    assert result.tzinfo is tz and result.utcoffset() is not None


@given(moments, st.integers(min_value=0, max_value=120), st.integers(1, 120), zones)
def test_more_months_never_end_sooner(moment, n, extra, tz):
    assert add_months(moment, n + extra, tz) > add_months(moment, n, tz)


@given(moments, zones)
def test_twelve_months_later_is_the_same_day_clamped_on_29_february(moment, tz):
    local, result = moment.astimezone(tz), add_months(moment, 12, tz)
    assert result.year == local.year + 1 and result.month == local.month
    if (local.month, local.day) == (2, 29):
        assert result.day == 28
    else:
        assert result.day == local.day


@pytest.mark.parametrize(
    "start,n,expected",
    [
        ((2025, 1, 31), 1, (2025, 2, 28)),
        ((2024, 1, 31), 1, (2024, 2, 29)),
        ((2024, 2, 29), 12, (2025, 2, 28)),
        ((2024, 2, 29), 48, (2028, 2, 29)),
        ((2025, 8, 31), 1, (2025, 9, 30)),
        ((2025, 12, 31), 2, (2026, 2, 28)),
    ],
)
def test_month_ends_in_examples(start, n, expected):
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    result = add_months(dt.datetime(*start, 10, 0, tzinfo=paris), n, paris)
    assert (result.year, result.month, result.day, result.hour) == (*expected, 10)


def test_the_wall_clock_time_survives_daylight_saving_days():
    """Paris changes to summer time on 30 March 2025 and back on 26 October 2025: a
    certification granted at 9:30 in winter expires at 9:30 in summer, and back."""
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    winter = dt.datetime(2025, 2, 28, 9, 30, tzinfo=paris)
    summer = add_months(winter, 2, paris)
    assert (summer.month, summer.day, summer.hour, summer.minute) == (4, 28, 9, 30)
    assert winter.utcoffset() == dt.timedelta(hours=1)
    assert summer.utcoffset() == dt.timedelta(hours=2)
    back = add_months(summer, 7, paris)
    assert (back.month, back.hour, back.utcoffset()) == (11, 9, dt.timedelta(hours=1))
    assert back - winter == dt.timedelta(days=273)  # whole days, not shifted by an hour


@given(st.integers(min_value=0, max_value=23), st.integers(min_value=1, max_value=24))
def test_a_nonexistent_local_time_still_gives_an_instant(hour, n):
    """2:30 on the spring-forward night does not exist in Paris: the result is still a real,
    aware instant in the same month, so expiry stays comparable."""
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    start = dt.datetime(2025, 3, 30, hour, 30, tzinfo=paris)
    result = add_months(start, n, paris)
    assert month_number(result) - month_number(start) == n
    assert result.astimezone(dt.UTC).tzinfo is dt.UTC


@given(moments, st.one_of(st.none(), st.integers(1, 60)), zones)
def test_expiry_and_lapse_are_add_months_or_never(moment, n, tz):
    expected = add_months(moment, n, tz) if n else None
    assert expiry_for(granted_at=moment, validity_months=n, tz=tz) == expected
    assert lapse_for(last_use=moment, lapse_months=n, tz=tz) == expected


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=36), st.integers(min_value=-3600, max_value=3600))
def test_a_certification_is_expired_exactly_from_its_expiry_on(n, offset):
    lab = LabFactory(time_zone="Europe/Paris")
    training = TrainingFactory(lab=lab, validity_months=n)
    member = UserFactory(lab=lab)
    granted = dt.datetime(2024, 1, 31, 23, 30, tzinfo=lab.tzinfo)
    cert = Certification.objects.create(
        member=member,
        training=training,
        granted_at=granted,
        expires_at=expiry_for(granted_at=granted, validity_months=n, tz=lab.tzinfo),
        source="staff",
    )
    at = cert.expires_at + dt.timedelta(seconds=offset)
    _held, refusal = certification_state(member=member, training=training, at=at)
    if offset >= 0:
        assert refusal is not None and refusal.code == "expired"
    else:
        assert refusal is None


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=24), st.integers(min_value=-3600, max_value=3600))
def test_a_certification_lapses_exactly_n_months_after_its_last_use(n, offset):
    lab = LabFactory(time_zone="Europe/Paris")
    training = TrainingFactory(lab=lab, validity_months=None, lapse_months=n)
    member = UserFactory(lab=lab)
    used = dt.datetime(2023, 12, 31, 8, 0, tzinfo=lab.tzinfo)
    Certification.objects.create(
        member=member,
        training=training,
        granted_at=used - dt.timedelta(days=400),
        last_used_at=used,
        source="staff",
    )
    at = lapse_for(last_use=used, lapse_months=n, tz=lab.tzinfo) + dt.timedelta(seconds=offset)
    _held, refusal = certification_state(member=member, training=training, at=at)
    assert (refusal.code if refusal else None) == ("lapsed" if offset >= 0 else None)
