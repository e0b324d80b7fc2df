# ruff: noqa: F811  (fixtures imported from staff_setup are test arguments)
"""Registrations handled by staff from an event's page: add a member or a visitor,
validate, move, cancel (the waitlist moves up); the attendee list as CSV."""

import csv
import io

import pytest
from django.core import mail

from fabdesk.events.models import Registration, RegistrationStatus

from .factories import EventFactory, TicketCategoryFactory
from .helpers import visitor_confirmed
from .staff_setup import course, staff_adds, url  # noqa: F401

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def add(client, event, ticket, **data):
    return client.post(url("staff_register", event.pk), {"category": ticket.pk, "seats": 1, **data})


def test_the_event_page_lists_registrations_in_order(staff_client, staff, event, ticket):
    event.capacity = 1
    event.save()
    staff_adds(staff, event, ticket, "premiere@example.test", name="Première Personne")
    staff_adds(staff, event, ticket, "attente@example.test", name="Sur Liste")
    page = staff_client.get(url("staff_event", event.pk)).text
    assert page.index("Première Personne") < page.index("Sur Liste")
    assert "On the waitlist" in page and "1 / 1" in page


def test_staff_add_a_member_by_address(
    staff_client, member, event, ticket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = add(staff_client, event, ticket, email=member.email.upper())
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.member == member and registration.status == S.CONFIRMED
    assert any(member.email in m.to for m in mail.outbox)


def test_staff_add_a_visitor_who_needs_no_confirmation(staff_client, staff, event, ticket):
    add(staff_client, event, ticket, email="Visiteur@Example.test", name="Paul Visiteur", seats=2)
    registration = Registration.objects.get()
    assert registration.member is None and registration.email == "visiteur@example.test"
    assert registration.status == S.CONFIRMED and registration.added_by == staff
    assert registration.seats == 2 and registration.price == 2 * ticket.price


@pytest.mark.parametrize(
    "data, message",
    [
        ({"email": "inconnu@example.test"}, "No member has this address"),
        ({"email": "not-an-address", "name": "X"}, "Enter a valid email address."),
        ({"email": "v@example.test", "name": "X", "seats": 9}, "At most 4 seats"),
    ],
)
def test_refused_additions_show_why_and_change_nothing(staff_client, event, ticket, data, message):
    response = add(staff_client, event, ticket, **data)
    assert response.status_code == 200 and message in response.text
    assert not Registration.objects.exists()


def test_adding_the_same_address_twice_is_refused(staff_client, staff, event, ticket):
    staff_adds(staff, event, ticket, "double@example.test")
    response = add(staff_client, event, ticket, email="double@example.test", name="Encore")
    assert "already registered" in response.text and Registration.objects.count() == 1


def test_pending_registrations_are_validated(
    staff_client, event, ticket, django_capture_on_commit_callbacks
):
    event.requires_validation = True
    event.save()
    waiting = visitor_confirmed(event, ticket, "attend@example.test")
    assert waiting.status == S.PENDING_VALIDATION
    assert "Validate" in staff_client.get(url("staff_event", event.pk)).text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url("staff_registration_validate", waiting.pk))
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED and [m.to for m in mail.outbox] == [[waiting.email]]
    again = staff_client.post(url("staff_registration_validate", waiting.pk), follow=True)
    assert "does not wait for validation" in again.text


def test_cancelling_gives_the_seat_to_the_waitlist(staff_client, staff, event, ticket):
    event.capacity = 1
    event.save()
    first = staff_adds(staff, event, ticket, "un@example.test")
    second = staff_adds(staff, event, ticket, "deux@example.test")
    assert second.status == S.WAITLISTED
    staff_client.post(url("staff_registration_cancel", first.pk), {"reason": "Malade"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == S.CANCELLED and first.cancel_reason == "Malade"
    assert second.status == S.CONFIRMED


def test_moving_to_another_date(staff_client, staff, lab, event, ticket):
    later = EventFactory(lab=lab, title="Atelier, deuxième date", event_type=event.event_type)
    TicketCategoryFactory(event=later, audience=ticket.audience)
    registration = staff_adds(staff, event, ticket, "bouge@example.test", seats=2)
    page = staff_client.get(url("staff_registration_move", registration.pk))
    assert later.title in page.text and f'value="{event.pk}"' not in page.text
    response = staff_client.post(
        url("staff_registration_move", registration.pk), {"to_event": later.pk}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    moved = Registration.objects.get(event=later)
    assert registration.status == S.CANCELLED
    assert moved.status == S.CONFIRMED and moved.seats == 2


def test_a_course_registration_is_not_moved(staff_client, staff, course):
    session = course.events.first()
    registration = staff_adds(staff, session, course.categories.get(), "cours@example.test")
    assert registration.series == course
    page = staff_client.get(url("staff_event", session.pk)).text
    assert "cours@example.test" in page and "one registration covers every session" in page
    refused = staff_client.get(url("staff_registration_move", registration.pk), follow=True)
    assert "A course registration cannot be moved." in refused.text


def test_the_attendee_list_is_a_csv_excel_opens(staff_client, staff, member, event, ticket):
    staff_adds(staff, event, ticket, "", member=member)
    staff_adds(staff, event, ticket, "formule@example.test", name="=HYPERLINK(1)", seats=3)
    gone = staff_adds(staff, event, ticket, "parti@example.test", name="Parti")
    staff_client.post(url("staff_registration_cancel", gone.pk))
    response = staff_client.get(url("staff_attendees_csv", event.pk))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="attendees-')
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "Name",
        "Email",
        "Member",
        "Ticket",
        "Seats",
        "Price",
        "Status",
        "Registered on",
        "Note",
        "Present",
    ]
    by_email = {row[1]: row for row in rows[1:]}
    assert set(by_email) == {member.email, "formule@example.test"}  # not the cancelled one
    assert by_email["formule@example.test"][0] == "'=HYPERLINK(1)"
    assert by_email["formule@example.test"][2:7] == ["no", ticket.name, "3", "30.00", "Confirmed"]
    assert by_email[member.email][2] == "yes"
