"""Series from a rule: the dates (first Saturday of the month, weekly across daylight-saving
changes), the events made (editable one by one), and a course registered for once."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest

from fabdesk.core.errors import Invalid
from fabdesk.events.models import Event, EventSeries, RegistrationStatus
from fabdesk.events.registration_services import registration_create
from fabdesk.events.seats import seats_taken
from fabdesk.events.series_services import series_create, series_dates, series_set_capacity
from fabdesk.events.services import event_update

from .factories import EventTypeFactory
from .helpers import visitor_confirmed

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
SAT = 5


def test_every_first_saturday_until_a_date():
    dates = series_dates(
        starts_on=dt.date(2026, 1, 1), frequency="monthly", weekday=SAT, week_of_month=1,
        until=dt.date(2026, 6, 30),
    )  # fmt: skip
    assert dates == [
        dt.date(2026, 1, 3), dt.date(2026, 2, 7), dt.date(2026, 3, 7),
        dt.date(2026, 4, 4), dt.date(2026, 5, 2), dt.date(2026, 6, 6),
    ]  # fmt: skip


def test_the_last_friday_every_two_months_with_a_count():
    dates = series_dates(
        starts_on=dt.date(2026, 1, 31), frequency="monthly", weekday=4, week_of_month=-1,
        interval=2, count=3,
    )  # fmt: skip
    # January's last Friday (30th) is before the start: March, May, July.
    assert dates == [dt.date(2026, 3, 27), dt.date(2026, 5, 29), dt.date(2026, 7, 31)]


def test_weekly_starts_on_the_first_matching_day():
    dates = series_dates(starts_on=dt.date(2026, 3, 2), frequency="weekly", weekday=2, count=3)
    assert dates == [dt.date(2026, 3, 4), dt.date(2026, 3, 11), dt.date(2026, 3, 18)]


@pytest.mark.parametrize(
    "rule, code",
    [
        ({"frequency": "weekly", "weekday": 1}, "no_end"),
        ({"frequency": "monthly", "weekday": 1, "count": 2}, "invalid"),
        ({"frequency": "weekly", "weekday": 1, "until": dt.date(2035, 1, 1)}, "too_many_dates"),
        ({"frequency": "weekly", "weekday": 1, "until": dt.date(2025, 12, 1)}, "no_dates"),
    ],
)
def test_rules_that_give_no_sensible_dates_are_refused(rule, code):
    with pytest.raises(Invalid) as caught:
        series_dates(starts_on=dt.date(2026, 1, 1), **rule)
    assert caught.value.code == code


def _rule(**extra):
    return {
        "frequency": "weekly", "weekday": SAT, "starts_on": dt.date(2030, 3, 16),
        "start_time": dt.time(14, 0), "end_time": dt.time(17, 0), "count": 4, **extra,
    }  # fmt: skip


@pytest.mark.django_db
def test_weekly_sessions_stay_at_14h_across_the_change_to_summer_time(lab, staff):
    # Paris moves to summer time on Sunday 31 March 2030.
    series = series_create(
        actor=staff, lab=lab, title="Atelier ouvert du samedi", kind="recurring", rule=_rule(),
        event_fields={"event_type": EventTypeFactory(lab=lab), "capacity": 12},
        categories=[{"name": "Gratuit", "audience": "free", "max_seats": 2}],
    )  # fmt: skip
    events = list(series.events.order_by("starts_at"))
    assert [e.starts_at.astimezone(PARIS).time() for e in events] == [dt.time(14, 0)] * 4
    assert [e.starts_at.astimezone(dt.UTC).hour for e in events] == [
        13,
        13,
        13,
        12,
    ]  # 16, 23, 30 March; 6 April
    assert all(e.capacity == 12 and e.categories.count() == 1 for e in events)
    assert all(e.status == Event.Status.DRAFT for e in events)


@pytest.mark.django_db
def test_a_date_of_a_series_is_changed_alone(lab, staff):
    series = series_create(
        actor=staff, lab=lab, title="Repair café", kind="recurring", rule=_rule(count=3),
        event_fields={"event_type": EventTypeFactory(lab=lab)},
    )  # fmt: skip
    first, second, third = series.events.order_by("starts_at")
    event_update(actor=staff, event=second, title="Repair café spécial vélos", capacity=30)
    first.refresh_from_db(), third.refresh_from_db()
    assert first.title == third.title == "Repair café"
    assert first.capacity is None


@pytest.mark.django_db
def test_a_course_is_registered_for_once_against_its_own_capacity(lab, staff, member):
    series = series_create(
        actor=staff, lab=lab, title="Arduino en 4 séances", kind="course",
        rule=_rule(), capacity=2, status="published",
        event_fields={"event_type": EventTypeFactory(lab=lab, name="Cours"), "capacity": 50},
        categories=[{"name": "Adhérent", "audience": "member", "price": Decimal("60")},
                    {"name": "Non-adhérent", "audience": "non_member", "price": Decimal("90"),
                     "max_seats": 2}],
    )  # fmt: skip
    sessions = list(series.events.order_by("starts_at"))
    assert len(sessions) == 4 and all(s.capacity is None for s in sessions)
    assert all(s.categories.count() == 0 for s in sessions)
    member_ticket, visitor_ticket = series.categories.order_by("pk")
    # Registering from the third session registers for the whole course.
    mine = registration_create(actor=member, event=sessions[2], category=member_ticket)
    assert mine.series == series and mine.event is None and mine.price == Decimal("60")
    other = visitor_confirmed(sessions[0], visitor_ticket, "duo@example.test", seats=1)
    assert other.status == RegistrationStatus.CONFIRMED
    assert seats_taken(series) == 2
    late = visitor_confirmed(sessions[0], visitor_ticket, "late@example.test")
    assert late.status == RegistrationStatus.WAITLISTED
    series_set_capacity(actor=staff, series=series, capacity=3)
    late.refresh_from_db()
    assert late.status == RegistrationStatus.CONFIRMED


@pytest.mark.django_db
def test_a_course_ticket_is_needed_for_a_course(lab, staff):
    series = series_create(
        actor=staff, lab=lab, title="Soudure", kind="course", rule=_rule(count=2),
        status="published", event_fields={"event_type": EventTypeFactory(lab=lab)},
    )  # fmt: skip
    assert EventSeries.objects.get(pk=series.pk).categories.count() == 1
