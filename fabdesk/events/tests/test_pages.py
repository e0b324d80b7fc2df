"""The public pages as each kind of person: the agenda and its filters, an event's page
(public, private, draft), registering from it, the links of the mails, "my registrations"."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fabdesk.events.links import confirm_link, confirm_path, event_path, manage_link, manage_path
from fabdesk.events.models import Registration, RegistrationStatus
from fabdesk.events.registration_services import registration_create

from .factories import EventFactory, EventTypeFactory, TicketCategoryFactory
from .helpers import visitor_confirmed, visitor_registers

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def test_the_agenda_lists_upcoming_public_published_events(client, lab, event, ticket):
    draft = EventFactory(lab=lab, title="Brouillon secret", status="draft")
    private = EventFactory(lab=lab, title="Visite de l'école", visibility="private")
    past = EventFactory(
        lab=lab, title="Atelier passé",
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3) + dt.timedelta(hours=2),
    )  # fmt: skip
    response = client.get(reverse("events:agenda"))
    assert response.status_code == 200
    text = response.content.decode()
    assert event.title in text and "10 seats left" in text and "€10.00" in text
    for hidden in (draft, private, past):
        assert hidden.title not in text


def test_the_agenda_filters_by_type_and_answers_htmx_with_the_list(client, lab, event):
    talk = EventFactory(lab=lab, title="Conférence low-tech",
                        event_type=EventTypeFactory(lab=lab, name="Conférence"))  # fmt: skip
    url = reverse("events:agenda") + f"?event_type={talk.event_type_id}"
    response = client.get(url, headers={"HX-Request": "true"})
    text = response.content.decode()
    assert talk.title in text and event.title not in text
    assert "<html" not in text


def test_the_agenda_costs_the_same_for_many_events(client, lab, django_assert_max_num_queries):
    for _n in range(15):
        TicketCategoryFactory(event=EventFactory(lab=lab))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("events:agenda"))
    assert response.content.decode().count("event-card") == 15


def test_an_event_page_shows_seats_and_prices(client, event, ticket, member_ticket):
    visitor_confirmed(event, ticket, "a@example.test", seats=3)
    response = client.get(event_path(event))
    text = response.content.decode()
    assert response.status_code == 200
    assert "7 seats left" in text and "€5.00" in text and "Your email" in text


def test_the_page_by_id_redirects_to_its_address_with_the_slug(client, event):
    response = client.get(reverse("events:detail_id", args=[event.pk]))
    assert response.status_code == 302 and response["Location"] == event_path(event)


@pytest.mark.parametrize("who, status", [("anonymous", 404), ("member", 404), ("staff", 200)])
def test_a_draft_is_for_staff_only(request, client, event, who, status):
    event.status = "draft"
    event.save()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(event_path(event)).status_code == status


def test_a_private_event_opens_by_its_link_or_for_the_invited(client, event, member, ticket):
    event.visibility = "private"
    event.save()
    by_id = reverse("events:detail_id", args=[event.pk])
    assert client.get(by_id).status_code == 404
    assert client.get(reverse("events:private", args=["not-the-token"])).status_code == 404
    response = client.get(event_path(event))
    assert response.status_code == 200 and b"noindex" in response.content
    client.force_login(member)
    assert client.get(by_id).status_code == 404
    event.invited.add(member)
    assert client.get(by_id).status_code == 200


def test_a_visitor_registers_from_the_page_and_is_asked_to_confirm(client, event, ticket):
    response = client.post(
        reverse("events:register", args=[event.pk]),
        {"category": ticket.pk, "seats": 2, "name": "Inès Roy", "email": "ines@example.test"},
    )
    assert response.status_code == 200
    assert b"Check your mailbox" in response.content
    registration = Registration.objects.get(email="ines@example.test")
    assert registration.status == S.PENDING_CONFIRMATION and registration.seats == 2
    assert registration.language == "en"


def test_a_visitor_registers_for_a_private_event_through_its_link(client, event, ticket):
    event.visibility = "private"
    event.save()
    data = {"category": ticket.pk, "seats": 1, "name": "Prof", "email": "prof@example.test"}
    url = reverse("events:register", args=[event.pk])
    assert client.post(url, data).status_code == 404
    response = client.post(url, {**data, "access": event.secret_token})
    assert b"Check your mailbox" in response.content


def test_refusals_show_on_the_form_and_change_nothing(client, event, ticket):
    visitor_confirmed(event, ticket, "taken@example.test")
    url = reverse("events:register", args=[event.pk])
    response = client.post(
        url, {"category": ticket.pk, "seats": 1, "name": "X", "email": "taken@example.test"}
    )
    assert response.status_code == 200 and b"already registered" in response.content
    response = client.post(
        url, {"category": ticket.pk, "seats": 1, "name": "X", "email": "not-an-address"}
    )
    assert response.status_code == 200 and b"field-invalid" in response.content
    assert Registration.objects.count() == 1


def test_a_member_registers_in_one_click(member_client, member, event, member_ticket):
    response = member_client.post(
        reverse("events:register", args=[event.pk]), {"category": member_ticket.pk, "seats": 1}
    )
    registration = Registration.objects.get(member=member)
    assert registration.status == S.CONFIRMED
    assert response.status_code == 302 and response["Location"] == manage_path(registration)
    page = member_client.get(event_path(event)).content.decode()
    assert "You are registered" in page


def test_the_confirmation_link_confirms_and_a_tampered_one_is_refused(client, event, ticket):
    registration = visitor_registers(event, ticket, "c@example.test")
    tampered = reverse("events:confirm", args=[confirm_link(registration)[:-2] + "xx"])
    response = client.get(tampered)
    assert response.status_code == 400 and b"not valid" in response.content
    response = client.get(confirm_path(registration), follow=True)
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED
    assert b"You are registered" in response.content


def test_the_manage_link_cancels_without_login(client, event, ticket):
    registration = visitor_confirmed(event, ticket, "m@example.test")
    page = client.get(manage_path(registration))
    assert page.status_code == 200 and b"Cancel my registration" in page.content
    response = client.post(manage_path(registration), {"confirm": "on"}, follow=True)
    registration.refresh_from_db()
    assert registration.status == S.CANCELLED
    assert b"is cancelled" in response.content
    bad = reverse("events:registration", args=[manage_link(registration) + "x"])
    assert client.post(bad, {"confirm": "on"}).status_code == 400


def test_cancelling_too_late_is_shown_and_changes_nothing(client, event, ticket):
    registration = visitor_confirmed(event, ticket, "late@example.test")
    event.starts_at = timezone.now() + dt.timedelta(hours=3)
    event.ends_at = event.starts_at + dt.timedelta(hours=2)
    event.save()
    response = client.post(manage_path(registration), {"confirm": "on"})
    assert response.status_code == 200 and b"too late" in response.content
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_my_registrations_needs_a_login(client):
    response = client.get(reverse("events:mine"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_my_registrations_lists_mine(member_client, member, event, ticket, lab):
    registration_create(actor=member, event=event, category=ticket)
    other = EventFactory(lab=lab, title="Pas pour moi")
    TicketCategoryFactory(event=other)
    visitor_confirmed(other, other.categories.get(), "someone@example.test")
    text = member_client.get(reverse("events:mine")).content.decode()
    assert event.title in text and other.title not in text


def test_mails_sent_from_pages_leave_after_commit(client, event, ticket,
                                                  django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("events:register", args=[event.pk]),
            {"category": ticket.pk, "seats": 1, "name": "Zoé", "email": "zoe@example.test"},
        )
    assert [m.to for m in mail.outbox] == [["zoe@example.test"]]


def test_a_visitor_is_not_offered_the_members_price(client, event, ticket, member_ticket):
    form = client.get(event_path(event)).context["form"]
    assert [choice for choice, _label in form.fields["category"].choices] == [ticket.pk]
    ticket.delete()
    response = client.get(event_path(event))
    assert b"log in to register" in response.content and response.context["form"] is None


def test_the_agenda_links_its_feeds(client, lab, event):
    text = client.get(reverse("events:agenda")).content.decode()
    for name in ("events:agenda_ics", "events:agenda_rss", "events:feeds"):
        assert f'href="{reverse(name)}"' in text
    assert 'rel="alternate" type="application/rss+xml"' in text


def test_staff_reach_the_management_page_from_the_event_page(staff_client, event):
    manage = f'href="{reverse("events:staff_event", args=[event.pk])}"'
    assert manage in staff_client.get(event_path(event)).content.decode()
    assert manage not in Client().get(event_path(event)).content.decode()
