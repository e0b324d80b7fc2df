# ruff: noqa: F811  (fixtures imported from staff_setup are test arguments)
"""Series made by staff from a rule: a course and a recurring event, refusals, one date
changed on its own, a course's seats and tickets, publishing the drafts."""

import datetime as dt

import pytest
from django.utils import timezone

from fabdesk.events.models import Event, EventSeries, TicketCategory

from .factories import EventTypeFactory
from .staff_setup import course, staff_adds, url  # noqa: F401
from .test_staff_events import event_data, local

pytestmark = pytest.mark.django_db


def next_saturday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)


def series_data(lab, **changes) -> dict:
    data = {
        "title": "Arduino pour débuter",
        "kind": "course",
        "frequency": "weekly",
        "interval": "1",
        "weekday": "5",
        "starts_on": next_saturday().isoformat(),
        "start_time": "14:00",
        "end_time": "17:00",
        "count": "4",
        "capacity": "8",
        "event_type": EventTypeFactory(lab=lab, name="Cours").pk,
        "visibility": "public",
        "registration_enabled": "on",
        "cancel_deadline_hours": "48",
        "ticket_name": "Plein tarif",
        "ticket_audience": "non_member",
        "ticket_price": "40",
        "ticket_max_seats": "1",
    }
    data.update(changes)
    return data


def test_a_course_is_made_from_its_rule(staff_client, lab):
    response = staff_client.post(url("staff_series_new"), series_data(lab))
    series = EventSeries.objects.get()
    assert response.status_code == 302 and response.url == url("staff_series", series.pk)
    sessions = list(series.events.order_by("starts_at"))
    assert len(sessions) == 4 and {e.status for e in sessions} == {"draft"}
    assert [local(e.starts_at)[11:] for e in sessions] == ["14:00"] * 4
    assert series.capacity == 8 and {e.capacity for e in sessions} == {None}
    assert [(t.name, t.price) for t in series.categories.all()] == [("Plein tarif", 40)]
    assert not TicketCategory.objects.filter(event__series=series).exists()
    page = staff_client.get(url("staff_series", series.pk)).text
    assert "Publish the 4 draft dates" in page and "Seats for the whole course" in page


def test_a_recurring_event_copies_seats_and_tickets_on_each_date(staff_client, lab):
    data = series_data(
        lab,
        title="Repair café",
        kind="recurring",
        frequency="monthly",
        week_of_month="1",
        count="3",
        capacity="20",
    )
    staff_client.post(url("staff_series_new"), data)
    series = EventSeries.objects.get()
    dates = list(series.events.order_by("starts_at"))
    assert len(dates) == 3 and {e.capacity for e in dates} == {20}
    assert all(e.categories.count() == 1 for e in dates)
    assert all(timezone.localtime(e.starts_at).day <= 7 for e in dates)  # first Saturdays


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"count": ""}, "Give a last date or a number of dates."),
        ({"end_time": "13:00"}, "The dates must end after they start."),
        ({"frequency": "monthly"}, "Choose which day of the month"),
        ({"count": "500"}, "A series has at most 200 dates"),
    ],
)
def test_a_bad_rule_is_refused_and_makes_nothing(staff_client, lab, changes, message):
    response = staff_client.post(url("staff_series_new"), series_data(lab, **changes))
    assert response.status_code == 200 and message in response.text
    assert not EventSeries.objects.exists() and not Event.objects.exists()


def test_one_date_is_changed_alone(staff_client, course):
    first, second, *_rest = course.events.order_by("starts_at")
    moved = first.starts_at + dt.timedelta(hours=1)
    data = event_data(
        course.lab,
        event_type=second.event_type_id,
        title="Séance 2 : capteurs",
        starts_at=local(moved + dt.timedelta(days=7)),
        ends_at=local(moved + dt.timedelta(days=7, hours=3)),
    )
    response = staff_client.post(url("staff_edit", second.pk), data)
    assert response.status_code == 302
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.title == "Séance 2 : capteurs" and second.series == course
    assert first.title == course.title and first.starts_at == moved - dt.timedelta(hours=1)


def test_a_courses_seats_are_changed_and_the_waitlist_moves_up(staff_client, staff, course):
    course.capacity = 1
    course.save()
    session, ticket = course.events.first(), course.categories.get()
    staff_adds(staff, session, ticket, "un@example.test")
    waiting = staff_adds(staff, session, ticket, "deux@example.test")
    assert waiting.status == "waitlisted"
    refused = staff_client.post(url("staff_series_capacity", course.pk), {"capacity": "0"})
    assert refused.status_code == 200
    staff_client.post(url("staff_series_capacity", course.pk), {"capacity": "2"})
    waiting.refresh_from_db()
    course.refresh_from_db()
    assert course.capacity == 2 and waiting.status == "confirmed"


def test_a_sessions_tickets_page_is_the_courses(staff_client, course):
    session = course.events.first()
    response = staff_client.get(url("staff_tickets", session.pk))
    assert response.status_code == 302 and response.url == url("staff_series_tickets", course.pk)
    staff_client.post(
        url("staff_series_tickets", course.pk),
        {
            "name": "Adhérent",
            "audience": "member",
            "price": "30",
            "max_seats": "1",
            "is_active": "on",
        },
    )
    assert course.categories.count() == 2


def test_publishing_every_draft_date(staff_client, lab):
    staff_client.post(url("staff_series_new"), series_data(lab))
    series = EventSeries.objects.get()
    response = staff_client.post(url("staff_series_publish", series.pk), follow=True)
    assert "4 dates published." in response.text
    assert set(series.events.values_list("status", flat=True)) == {"published"}
