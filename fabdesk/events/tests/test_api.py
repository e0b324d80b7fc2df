# ruff: noqa: F811  (fixtures imported from staff_setup are test arguments)
"""The events API, every answer checked against docs/api/openapi.json: the public agenda
and one event (private ones hidden), registering as a member, a visitor or staff, cancelling,
and the staff's registrations and attendance, with their refusal codes."""

import datetime as dt

import pytest
from django.core import mail

from fabdesk.events.models import Attendance, Registration, RegistrationStatus
from fabdesk.tokens.tests.api_client import ApiClient, fresh_rate_limits  # noqa: F401

from .factories import EventFactory, EventTypeFactory, TicketCategoryFactory
from .staff_setup import course, held, other_staff, staff_adds  # noqa: F401

pytestmark = pytest.mark.django_db
S = RegistrationStatus


@pytest.fixture
def anyone():
    return ApiClient()


def registrations_path(event) -> str:
    return f"/events/{event.pk}/registrations"


# --- reading the agenda --------------------------------------------------------------------


def test_the_agenda_lists_public_published_upcoming_events(anyone, lab, event, ticket):
    EventFactory(lab=lab, title="Brouillon", status="draft")
    EventFactory(lab=lab, title="Visite d'école", visibility="private")
    response = anyone.get("/events")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["title"] == event.title and item["seats_left"] == 10 and item["capacity"] == 10
    assert item["tickets"] == [
        {
            "id": ticket.pk,
            "name": ticket.name,
            "audience": "non_member",
            "price": "10.00",
            "max_seats": 4,
        }
    ]
    assert item["url"].endswith(f"/events/{event.pk}-{event.slug}/")
    assert item["type"]["name"] == event.event_type.name and item["is_course_session"] is False


def test_the_agenda_filters(anyone, lab, event):
    talk = EventFactory(
        lab=lab,
        title="Conférence",
        audience="familles",
        event_type=EventTypeFactory(lab=lab, name="Talk"),
        starts_at=event.starts_at + dt.timedelta(days=20),
        ends_at=event.ends_at + dt.timedelta(days=20),
    )
    titles = lambda **q: [e["title"] for e in anyone.get("/events", q).json()["items"]]  # noqa: E731
    assert titles(type=talk.event_type_id) == ["Conférence"]
    assert titles(audience="famille") == ["Conférence"]
    day = (event.starts_at + dt.timedelta(days=1)).date().isoformat()
    assert titles(**{"from": day}) == ["Conférence"]
    assert titles(to=day) == [event.title]
    refused = anyone.get("/events", {"from": day, "to": "2000-01-01"})
    assert refused.status_code == 422 and refused.json()["code"] == "bad_dates"
    assert anyone.get("/events", {"type": "x"}).status_code == 422


def test_one_event_with_a_courses_sessions(anyone, course):
    session = course.events.order_by("starts_at").first()
    body = anyone.get(f"/events/{session.pk}").json()
    assert body["is_course_session"] is True and body["capacity"] == 6
    assert len(body["sessions"]) == 4 and body["my_registration"] is None
    assert body["tickets"][0]["price"] == "40.00"


def test_private_events_and_drafts_are_not_found_but_for_the_invited_and_staff(
    anyone, lab, staff, member, other_member
):
    private = EventFactory(lab=lab, visibility="private")
    private.invited.add(member)
    draft = EventFactory(lab=lab, status="draft")
    for path in (f"/events/{private.pk}", f"/events/{draft.pk}", "/events/999999"):
        refused = anyone.get(path)
        assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    invited, stranger, lab_staff = (ApiClient.for_user(p) for p in (member, other_member, staff))
    assert stranger.get(f"/events/{private.pk}").status_code == 404
    assert invited.get(f"/events/{private.pk}").status_code == 200
    assert invited.get(f"/events/{draft.pk}").status_code == 404
    assert lab_staff.get(f"/events/{draft.pk}").status_code == 200
    assert [e["id"] for e in lab_staff.get("/events").json()["items"]] == []  # never listed


def test_a_bad_token_is_refused_even_on_public_endpoints(event):
    refused = ApiClient("fdk_wrong").get("/events")
    assert refused.status_code == 401 and refused.json()["code"] == "unauthenticated"


# --- registering and cancelling ------------------------------------------------------------


def test_a_member_registers_then_cancels(member, event, ticket):
    api = ApiClient.for_user(member)
    response = api.post(registrations_path(event), {"category": ticket.pk, "seats": 2})
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "confirmed" and body["member"] == member.pk
    assert body["price"] == "20.00" and body["event"] == event.pk
    mine = api.get(f"/events/{event.pk}").json()["my_registration"]
    assert mine == {"id": body["id"], "status": "confirmed", "seats": 2, "waitlist_position": None}
    cancelled = api.call("DELETE", f"/registrations/{body['id']}", {"reason": "Empêché"})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = api.call("DELETE", f"/registrations/{body['id']}")
    assert again.status_code == 409 and again.json()["code"] == "already_cancelled"


def test_a_visitor_registers_and_must_confirm(
    anyone, event, ticket, django_capture_on_commit_callbacks
):
    payload = {"category": ticket.pk, "name": "Léa Visiteuse", "email": "Lea@Example.test"}
    with django_capture_on_commit_callbacks(execute=True):
        response = anyone.post(registrations_path(event), payload)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending_confirmation" and body["member"] is None
    assert body["email"] == "lea@example.test"
    assert [m.to for m in mail.outbox] == [["lea@example.test"]]
    twice = anyone.post(registrations_path(event), payload)
    assert twice.status_code == 409 and twice.json()["code"] == "already_registered"


@pytest.mark.parametrize(
    "payload, status, code",
    [
        ({"name": "Léa", "email": "pas-une-adresse"}, 422, "invalid_email"),
        ({"email": "lea@example.test"}, 422, "name_missing"),
        ({"name": "Léa", "email": "lea@example.test", "seats": 5}, 422, "too_many_seats"),
        ({"name": "Léa", "email": "lea@example.test", "category": 999999}, 422, "bad_category"),
        ({"name": "Léa", "email": "lea@example.test", "seats": 0}, 422, "invalid"),
        ({"name": "Léa", "email": "lea@example.test", "member": 1}, 403, "staff_only"),
    ],
)
def test_refused_registrations_change_nothing(anyone, event, ticket, payload, status, code):
    response = anyone.post(registrations_path(event), {"category": ticket.pk, **payload})
    assert response.status_code == status and response.json()["code"] == code
    assert not Registration.objects.exists()


def test_registering_after_closing_or_for_a_cancelled_event(anyone, staff, event, ticket):
    event.registration_closes_at = event.starts_at - dt.timedelta(days=30)
    event.registration_opens_at = event.starts_at - dt.timedelta(days=40)
    event.save()
    payload = {"category": ticket.pk, "name": "Léa", "email": "lea@example.test"}
    closed = anyone.post(registrations_path(event), payload)
    assert closed.status_code == 422 and closed.json()["code"] == "registration_closed"
    other = EventFactory(lab=event.lab)
    other_ticket = TicketCategoryFactory(event=other)
    from fabdesk.events.services import event_cancel

    event_cancel(actor=staff, event=other, reason="Annulé")
    cancelled = anyone.post(registrations_path(other), {**payload, "category": other_ticket.pk})
    assert cancelled.status_code == 422 and cancelled.json()["code"] == "event_cancelled"
    assert not Registration.objects.exists()


def test_a_private_event_takes_registrations_with_its_token(anyone, lab):
    private = EventFactory(lab=lab, visibility="private")
    ticket = TicketCategoryFactory(event=private)
    payload = {"category": ticket.pk, "name": "Léa", "email": "lea@example.test"}
    assert anyone.post(registrations_path(private), payload).status_code == 404
    done = anyone.post(
        registrations_path(private), {**payload, "access_token": private.secret_token}
    )
    assert done.status_code == 201


def test_a_full_event_puts_people_on_the_waitlist(member, other_member, event, ticket):
    event.capacity = 1
    event.save()
    ApiClient.for_user(member).post(registrations_path(event), {"category": ticket.pk})
    second = ApiClient.for_user(other_member).post(
        registrations_path(event), {"category": ticket.pk}
    )
    assert second.json()["status"] == "waitlisted" and second.json()["waitlist_position"] == 1


def test_nobody_cancels_someone_elses_registration(member, other_member, event, ticket):
    theirs = ApiClient.for_user(member).post(registrations_path(event), {"category": ticket.pk})
    refused = ApiClient.for_user(other_member).call(
        "DELETE", f"/registrations/{theirs.json()['id']}"
    )
    assert refused.status_code == 404 and Registration.objects.get().status == S.CONFIRMED
    assert ApiClient().call("DELETE", f"/registrations/{theirs.json()['id']}").status_code == 401


def test_cancelling_after_the_deadline_is_refused(member, event, ticket):
    event.starts_at = event.starts_at - dt.timedelta(days=6, hours=12)
    event.ends_at = event.starts_at + dt.timedelta(hours=3)
    event.save()
    api = ApiClient.for_user(member)
    registration = api.post(registrations_path(event), {"category": ticket.pk}).json()
    refused = api.call("DELETE", f"/registrations/{registration['id']}")
    assert refused.status_code == 422 and refused.json()["code"] == "deadline_passed"
    assert Registration.objects.get().status == S.CONFIRMED


def test_staff_register_a_member_or_a_visitor(staff, member, event, ticket):
    api = ApiClient.for_user(staff)
    added = api.post(registrations_path(event), {"category": ticket.pk, "member": member.pk})
    assert added.status_code == 201 and added.json()["member"] == member.pk
    visitor = api.post(
        registrations_path(event),
        {"category": ticket.pk, "name": "Paul", "email": "paul@example.test"},
    )
    assert visitor.json()["status"] == "confirmed" and visitor.json()["member"] is None
    unknown = api.post(registrations_path(event), {"category": ticket.pk, "member": 999999})
    assert unknown.status_code == 404


# --- the staff's endpoints -----------------------------------------------------------------


def test_staff_list_an_events_registrations(staff, event, ticket):
    event.capacity = 1
    event.save()
    staff_adds(staff, event, ticket, "un@example.test")
    staff_adds(staff, event, ticket, "deux@example.test")
    staff_adds(staff, event, ticket, "trois@example.test")
    api = ApiClient.for_user(staff)
    body = api.get(registrations_path(event)).json()
    assert body["count"] == 3
    assert [(r["email"], r["waitlist_position"]) for r in body["items"]] == [
        ("un@example.test", None),
        ("deux@example.test", 1),
        ("trois@example.test", 2),
    ]
    waiting = api.get(registrations_path(event), {"status": "waitlisted"}).json()
    assert waiting["count"] == 2


def test_the_staff_endpoints_per_role(member, other_staff, event, ticket, staff):
    registration = staff_adds(staff, event, ticket, "un@example.test")
    paths = [
        ("GET", registrations_path(event)),
        ("GET", f"/events/{event.pk}/attendance"),
        ("POST", f"/events/{event.pk}/attendance"),
        ("POST", f"/registrations/{registration.pk}/validate"),
    ]
    body = {"registration": registration.pk, "present": True}
    as_member, as_other_staff = ApiClient.for_user(member), ApiClient.for_user(other_staff)
    for method, path in paths:
        refused = as_member.call(method, path, body)
        if "validate" in path:  # someone else's registration does not exist for a member
            assert refused.status_code == 404, path
        else:
            assert refused.status_code == 403 and refused.json()["code"] == "staff_only", path
        assert as_other_staff.call(method, path, body).status_code == 404, path
        assert ApiClient().call(method, path, body).status_code == 401, path
    assert not Attendance.objects.exists()


def test_staff_validate_a_pending_registration(staff, anyone, event, ticket):
    from .helpers import visitor_confirmed

    event.requires_validation = True
    event.save()
    waiting = visitor_confirmed(event, ticket, "attend@example.test")
    api = ApiClient.for_user(staff)
    done = api.post(f"/registrations/{waiting.pk}/validate")
    assert done.status_code == 200 and done.json()["status"] == "confirmed"
    again = api.post(f"/registrations/{waiting.pk}/validate")
    assert again.status_code == 409 and again.json()["code"] == "not_pending_validation"


def test_staff_take_attendance(staff, event, ticket):
    family = staff_adds(staff, event, ticket, "famille@example.test", seats=3)
    api = ApiClient.for_user(staff)
    early = api.post(f"/events/{event.pk}/attendance", {"registration": family.pk, "present": True})
    assert early.status_code == 422 and early.json()["code"] == "event_not_started"
    held(event)
    marked = api.post(
        f"/events/{event.pk}/attendance",
        {"registration": family.pk, "present": True, "present_count": 2},
    )
    assert marked.status_code == 200 and marked.json()["present_count"] == 2
    too_many = api.post(
        f"/events/{event.pk}/attendance",
        {"registration": family.pk, "present": True, "present_count": 4},
    )
    assert too_many.status_code == 422 and too_many.json()["code"] == "bad_count"
    stranger = api.post(f"/events/{event.pk}/attendance", {"registration": 999999, "present": True})
    assert stranger.status_code == 422 and stranger.json()["code"] == "not_registered"
    sheet = api.get(f"/events/{event.pk}/attendance").json()
    assert sheet["present"] == 2 and sheet["expected"] == 3
    assert sheet["items"][0]["present"] is True and sheet["items"][0]["name"] == family.name
