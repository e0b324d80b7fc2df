# ruff: noqa: F811  (fixtures imported from staff_setup are test arguments)
"""The staff's event pages: the list with fill rates and filters, creating an event with
every field, refusals that change nothing, publishing, cancelling (everyone told),
duplicating, tickets and event types."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.events.models import Event, EventType, RegistrationStatus, TicketCategory

from .factories import EventFactory, EventTypeFactory, TicketCategoryFactory
from .staff_setup import other_staff, past_event, staff_adds, url  # noqa: F401

pytestmark = pytest.mark.django_db


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "orange").save(out, format="PNG")
    return SimpleUploadedFile("affiche.png", out.getvalue(), content_type="image/png")


def local(moment: dt.datetime) -> str:
    """As typed in a form: the lab's wall clock (the factories' labs are in Paris)."""
    return timezone.localtime(moment, ZoneInfo("Europe/Paris")).strftime("%Y-%m-%dT%H:%M")


def event_data(lab, **changes) -> dict:
    start = (timezone.now() + dt.timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    data = {
        "event_type": EventTypeFactory(lab=lab, name="Atelier").pk,
        "title": "Initiation à la découpe laser",
        "summary": "Découvrir la découpeuse",
        "description": "**Apportez** vos idées",
        "starts_at": local(start),
        "ends_at": local(start + dt.timedelta(hours=3)),
        "audience": "débutants",
        "visibility": "public",
        "registration_enabled": "on",
        "capacity": "8",
        "cancel_deadline_hours": "24",
    }
    data.update(changes)
    return data


def test_the_list_shows_fill_rates_waitlists_and_drafts(staff_client, staff, lab, event, ticket):
    event.capacity = 2
    event.save()
    staff_adds(staff, event, ticket, "a@example.test", seats=2)
    staff_adds(staff, event, ticket, "b@example.test")
    draft = EventFactory(lab=lab, title="Brouillon", status="draft")
    page = staff_client.get(url("staff_list"))
    assert page.status_code == 200
    assert "2 / 2" in page.text and "(100 %)" in page.text and "1 on the waitlist" in page.text
    assert draft.title in page.text and "Draft" in page.text


def test_the_list_filters_by_period_type_and_status(staff_client, lab, event, past_event):
    talk = EventFactory(
        lab=lab, title="Conférence", event_type=EventTypeFactory(lab=lab, name="Talk")
    )
    upcoming = staff_client.get(url("staff_list")).text
    assert event.title in upcoming and past_event.title not in upcoming
    past = staff_client.get(url("staff_list"), {"when": "past"}).text
    assert past_event.title in past and event.title not in past.split("<h2")[0]
    typed = staff_client.get(url("staff_list"), {"event_type": talk.event_type_id}).text
    assert talk.title in typed and event.title not in typed.split('id="stats-title"')[0]
    drafts = staff_client.get(url("staff_list"), {"status": "draft"}).text
    assert "No event matches these filters." in drafts


def test_the_list_costs_the_same_for_many_events(staff_client, lab, django_assert_max_num_queries):
    for n in range(15):
        TicketCategoryFactory(event=EventFactory(lab=lab, title=f"Atelier {n}"))
    with django_assert_max_num_queries(16):
        assert staff_client.get(url("staff_list")).status_code == 200


def test_staff_create_an_event_with_every_field(staff_client, lab, member, other_member):
    machine = MachineFactory(lab=lab, name="Trotec")
    data = event_data(
        lab,
        image=png(),
        machines=[machine.pk],
        trainers=[member.pk],
        visibility="private",
        invited=[other_member.pk],
        what_to_bring="Des lunettes",
        min_age="12",
        max_age="99",
    )
    response = staff_client.post(url("staff_new"), data)
    event = Event.objects.get()
    assert response.status_code == 302 and response.url == url("staff_tickets", event.pk)
    assert event.status == "draft" and event.slug == "initiation-a-la-decoupe-laser"
    assert event.image.name.startswith("events/") and event.image.name.endswith(".jpg")
    assert list(event.machines.all()) == [machine] and list(event.trainers.all()) == [member]
    assert list(event.invited.all()) == [other_member] and not event.is_public
    assert [t.audience for t in event.categories.all()] == ["free"]  # one free ticket
    assert local(event.starts_at) == data["starts_at"]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"ends_at": "2020-01-01T10:00"}, "The event must end after it starts."),
        ({"title": ""}, "This field is required."),
        ({"min_age": "15", "max_age": "10"}, "The maximum age cannot be below the minimum age."),
        ({"image": SimpleUploadedFile("x.png", b"not an image")}, "Upload a valid image."),
    ],
)
def test_refused_events_show_why_and_change_nothing(staff_client, lab, changes, message):
    response = staff_client.post(url("staff_new"), event_data(lab, **changes))
    assert response.status_code == 200 and message in response.text
    assert not Event.objects.exists()


def test_another_labs_type_space_or_machine_cannot_be_chosen(staff_client, lab, other_staff):
    foreign = EventTypeFactory(lab=other_staff.lab, name="Autre")
    machine = MachineFactory(lab=other_staff.lab)
    response = staff_client.post(
        url("staff_new"), event_data(lab, event_type=foreign.pk, machines=[machine.pk])
    )
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert not Event.objects.exists()


def test_editing_below_the_seats_taken_is_refused(staff_client, staff, event, ticket):
    staff_adds(staff, event, ticket, "famille@example.test", seats=3)
    data = event_data(
        event.lab,
        event_type=event.event_type_id,
        capacity="2",
        starts_at=local(event.starts_at),
        ends_at=local(event.ends_at),
    )
    response = staff_client.post(url("staff_edit", event.pk), data)
    assert response.status_code == 200 and "3 seats are already taken" in response.text
    event.refresh_from_db()
    assert event.capacity == 10 and event.title != data["title"]


def test_editing_saves_and_keeps_the_image(staff_client, event):
    data = event_data(
        event.lab,
        event_type=event.event_type_id,
        title="Nouveau titre",
        starts_at=local(event.starts_at),
        ends_at=local(event.ends_at),
    )
    response = staff_client.post(url("staff_edit", event.pk), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Nouveau titre" and event.capacity == 8


def test_publishing_a_draft_and_only_a_draft(staff_client, lab):
    draft = EventFactory(lab=lab, status="draft")
    staff_client.post(url("staff_publish", draft.pk))
    draft.refresh_from_db()
    assert draft.status == "published"
    again = staff_client.post(url("staff_publish", draft.pk), follow=True)
    assert "Only a draft can be published." in again.text


def test_cancelling_needs_a_reason_then_tells_everyone(
    staff_client, staff, event, ticket, django_capture_on_commit_callbacks
):
    camille = staff_adds(staff, event, ticket, "camille@example.test")
    refused = staff_client.post(url("staff_cancel", event.pk), {"reason": ""})
    assert refused.status_code == 200 and not Event.objects.filter(status="cancelled").exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = staff_client.post(
            url("staff_cancel", event.pk), {"reason": "Formateur malade"}, follow=True
        )
    assert "1 registration was told" in done.text
    camille.refresh_from_db()
    assert camille.status == RegistrationStatus.CANCELLED
    assert [m.to for m in mail.outbox] == [["camille@example.test"]]
    assert "Formateur malade" in mail.outbox[0].body


def test_duplicating_by_a_number_of_days_copies_tickets_and_shifts_dates(
    staff_client, lab, event, ticket, member
):
    event.registration_closes_at = event.starts_at - dt.timedelta(hours=2)
    event.save()
    event.trainers.add(member)
    response = staff_client.post(url("staff_duplicate", event.pk), {"shift_days": "7"})
    copy = Event.objects.exclude(pk=event.pk).get()
    assert response.status_code == 302 and response.url == url("staff_edit", copy.pk)
    assert copy.status == "draft" and copy.title == event.title
    assert copy.starts_at == event.starts_at + dt.timedelta(days=7)
    assert copy.registration_closes_at == event.registration_closes_at + dt.timedelta(days=7)
    assert [(t.name, t.price) for t in copy.categories.all()] == [(ticket.name, ticket.price)]
    assert list(copy.trainers.all()) == [member] and not copy.registrations.exists()


def test_duplicating_to_a_new_start_or_refusing_both(staff_client, event):
    start = (event.starts_at + dt.timedelta(days=30)).replace(hour=8)
    both = staff_client.post(
        url("staff_duplicate", event.pk), {"shift_days": "7", "starts_at": local(start)}
    )
    assert "Give either a number of days or a new start." in both.text
    neither = staff_client.post(url("staff_duplicate", event.pk), {"shift_days": ""})
    assert "Give either a number of days or a new start." in neither.text
    assert Event.objects.count() == 1
    staff_client.post(url("staff_duplicate", event.pk), {"starts_at": local(start)})
    copy = Event.objects.exclude(pk=event.pk).get()
    assert copy.starts_at == start and copy.ends_at - copy.starts_at == dt.timedelta(hours=3)


def test_tickets_are_added_and_changed(staff_client, event, ticket):
    page = staff_client.get(url("staff_tickets", event.pk))
    assert ticket.name in page.text
    staff_client.post(
        url("staff_tickets", event.pk),
        {
            "name": "Tarif réduit",
            "audience": "reduced",
            "price": "5",
            "max_seats": "2",
            "is_active": "on",
        },
    )
    reduced = TicketCategory.objects.get(name="Tarif réduit")
    assert reduced.event == event and reduced.price == 5
    refused = staff_client.post(
        url("staff_ticket", reduced.pk),
        {"name": "Tarif réduit", "audience": "reduced", "price": "-1", "max_seats": "2"},
    )
    assert refused.status_code == 200
    reduced.refresh_from_db()
    assert reduced.price == 5 and reduced.is_active
    staff_client.post(
        url("staff_ticket", reduced.pk),
        {"name": "Tarif réduit", "audience": "reduced", "price": "6", "max_seats": "2"},
    )
    reduced.refresh_from_db()
    assert reduced.price == 6 and not reduced.is_active


def test_event_types_are_kept_by_staff(staff_client, lab):
    staff_client.post(
        url("staff_types"), {"name": "Repair café", "colour": "#22aa55", "is_active": "on"}
    )
    repair = EventType.objects.get(lab=lab, name="Repair café")
    twice = staff_client.post(url("staff_types"), {"name": "Repair café", "colour": "#22aa55"})
    assert twice.status_code == 200 and EventType.objects.filter(name="Repair café").count() == 1
    staff_client.post(url("staff_type", repair.pk), {"name": "Repair Café", "colour": "#000000"})
    repair.refresh_from_db()
    assert repair.name == "Repair Café" and not repair.is_active
    assert "Repair Café" in staff_client.get(url("staff_types")).text
