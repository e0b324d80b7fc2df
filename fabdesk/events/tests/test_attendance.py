# ruff: noqa: F811  (fixtures imported from staff_setup are test arguments)
"""Attendance at the door: htmx toggles, a family's head count, refusals, a course's
sessions each with their own marks, and the figures on the staff's event list."""

import datetime as dt

import pytest
from django.utils import timezone

from fabdesk.core.errors import Forbidden, Invalid
from fabdesk.events.attendance_services import attendance_mark
from fabdesk.events.models import Attendance
from fabdesk.events.services import event_cancel

from .factories import EventFactory, EventTypeFactory, TicketCategoryFactory
from .staff_setup import course, held, staff_adds, url  # noqa: F401

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def tick(client, event, registration, *, present=True, count=None, htmx=True):
    data = {"registration": registration.pk, "present": "1" if present else "0"}
    if count is not None:
        data["count"] = count
    return client.post(url("staff_attendance", event.pk), data, headers=HTMX if htmx else {})


def test_the_page_lists_who_holds_a_seat(staff_client, staff, event, ticket):
    camille = staff_adds(staff, event, ticket, "c@example.test", name="Camille")
    held(event)
    page = staff_client.get(url("staff_attendance", event.pk)).text
    assert "Camille" in page and "Attended 0 / 1" in page
    assert f'name="registration" value="{camille.pk}"' in page


def test_a_tap_marks_present_then_absent(staff_client, staff, event, ticket):
    camille = staff_adds(staff, event, ticket, "c@example.test", name="Camille")
    held(event)
    response = tick(staff_client, event, camille)
    assert response.status_code == 200
    assert f'id="att-{camille.pk}"' in response.text and "Came" in response.text
    assert 'hx-swap-oob="true"' in response.text and "Attended 1 / 1" in response.text
    mark = Attendance.objects.get()
    assert mark.present and mark.event == event and mark.marked_by == staff
    response = tick(staff_client, event, camille, present=False)
    assert "Absent" in response.text and "Attended 0 / 1" in response.text
    assert Attendance.objects.get().present is False


def test_a_family_says_how_many_came(staff_client, staff, event, ticket):
    family = staff_adds(staff, event, ticket, "f@example.test", seats=3)
    held(event)
    response = tick(staff_client, event, family, count=2)
    assert "Attended 2 / 3" in response.text and 'value="2" selected' in response.text
    assert Attendance.objects.get().present_count == 2
    refused = tick(staff_client, event, family, count=4)
    assert "Between 1 and 3 people" in refused.text
    assert Attendance.objects.get().present_count == 2


def test_without_javascript_the_page_comes_back(staff_client, staff, event, ticket):
    camille = staff_adds(staff, event, ticket, "c@example.test")
    held(event)
    response = tick(staff_client, event, camille, htmx=False)
    assert response.status_code == 302 and response.url == url("staff_attendance", event.pk)
    assert Attendance.objects.get().present


def test_attendance_waits_for_the_event(staff_client, staff, event, ticket):
    camille = staff_adds(staff, event, ticket, "c@example.test")
    page = staff_client.get(url("staff_attendance", event.pk)).text
    assert "Attendance opens an hour before the start." in page
    response = tick(staff_client, event, camille, htmx=False)
    assert response.status_code == 302 and not Attendance.objects.exists()


def test_a_cancelled_event_takes_no_attendance(staff, event, ticket):
    camille = staff_adds(staff, event, ticket, "c@example.test")
    event_cancel(actor=staff, event=event, reason="Orage")
    held(event)
    with pytest.raises(Invalid) as refused:
        attendance_mark(actor=staff, event=event, registration=camille, present=True)
    assert refused.value.code == "event_cancelled" and not Attendance.objects.exists()


def test_someone_of_another_event_cannot_be_marked(staff_client, staff, lab, event, ticket):
    other = EventFactory(lab=lab)
    elsewhere = staff_adds(staff, other, TicketCategoryFactory(event=other), "x@example.test")
    staff_adds(staff, event, ticket, "c@example.test")
    held(event)
    response = tick(staff_client, event, elsewhere)
    assert response.status_code == 200 and "This person has no seat at this event." in response.text
    assert not Attendance.objects.exists()


def test_members_cannot_mark(member, staff, event, ticket):
    camille = staff_adds(staff, event, ticket, "c@example.test")
    held(event)
    with pytest.raises(Forbidden):
        attendance_mark(actor=member, event=event, registration=camille, present=True)


def test_each_session_of_a_course_has_its_own_marks(staff_client, staff, course):
    first, second, *_rest = course.events.order_by("starts_at")
    student = staff_adds(staff, first, course.categories.get(), "eleve@example.test")
    held(second, days_ago=3)
    held(first, days_ago=10)
    tick(staff_client, first, student)
    tick(staff_client, second, student, present=False)
    marks = {m.event_id: m.present for m in Attendance.objects.filter(registration=student)}
    assert marks == {first.pk: True, second.pk: False}


def test_the_list_shows_attended_and_the_rates(staff_client, staff, lab, event, ticket):
    talk = EventFactory(
        lab=lab, title="Conférence", event_type=EventTypeFactory(lab=lab, name="Talk")
    )
    untaken = EventFactory(lab=lab, title="Sans appel")
    came = staff_adds(staff, event, ticket, "a@example.test", seats=3)
    staff_adds(staff, event, ticket, "b@example.test")
    listener = staff_adds(staff, talk, TicketCategoryFactory(event=talk), "c@example.test")
    staff_adds(staff, untaken, TicketCategoryFactory(event=untaken), "d@example.test")
    for done in (event, talk, untaken):
        held(done)
    attendance_mark(actor=staff, event=event, registration=came, present=True)
    attendance_mark(actor=staff, event=talk, registration=listener, present=True)
    page = staff_client.get(url("staff_list"), {"when": "past"}).text
    assert "attended 3 / 4" in page and "attended 1 / 1" in page
    stats = page.split('id="stats-title"')[1]
    assert "75 %" in stats and "100 %" in stats  # an event, a type
    assert "4 / 5" in stats and "80 %" in stats  # every type
    assert "1 event without attendance is left out." in stats and "Sans appel" not in stats
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    narrowed = staff_client.get(url("staff_list"), {"stats_from": day, "stats_to": day}).text
    assert "No attendance taken in this period yet." in narrowed
