"""The booking API per role, every answer checked against docs/api/openapi.json."""

import datetime as dt

import pytest

from fabdesk.booking.models import Booking
from fabdesk.equipment.tests.factories import MachineFactory, SpaceFactory
from fabdesk.tokens.tests.api_client import ApiClient, fresh_rate_limits  # noqa: F401

from .conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_lab")]


def slot(machine, lab, days=1, start=10, end=11, **extra):
    return {"machine": machine.pk, "start": at(lab, days, start).isoformat(),
            "end": at(lab, days, end).isoformat(), **extra}  # fmt: skip


def test_a_member_books_lists_and_cancels(member, machine, lab):
    api = ApiClient.for_user(member)
    response = api.post("/bookings", slot(machine, lab))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["machine"] == machine.pk and body["member"] == member.pk
    assert body["status"] == "confirmed" and body["start"].endswith(("+01:00", "+02:00", "Z"))
    taken = api.post("/bookings", slot(machine, lab, start=10, end=12))
    assert taken.status_code == 409 and taken.json()["code"] == "slot_taken"
    listed = api.get("/bookings").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    cancelled = api.call("DELETE", f"/bookings/{body['id']}")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert api.get("/bookings").json()["count"] == 0


def test_bad_input_is_a_4xx_with_a_code_and_stores_nothing(member, machine, lab):
    api = ApiClient.for_user(member)
    start = at(lab, 1, 10)
    naive = {"machine": machine.pk, "start": "2030-01-01T10:00:00", "end": "2030-01-01T11:00:00"}
    cases = [
        (naive, 422, "naive_datetime"),
        (slot(machine, lab, start=11, end=10), 422, "bad_range"),
        (slot(machine, lab, start=10, end=10), 422, "bad_range"),
        ({**slot(machine, lab), "start": start.replace(minute=10).isoformat()}, 422, "misaligned"),
        (slot(machine, lab, start=19, end=21), 422, "outside_opening_hours"),
        ({**slot(machine, lab), "machine": 999999}, 404, "not_found"),
        ({**slot(machine, lab), "machine": MachineFactory().pk}, 404, "not_found"),
        ({**slot(machine, lab), "start": "tomorrow"}, 422, "invalid"),
    ]
    for data, status, code in cases:
        response = api.post("/bookings", data)
        assert (response.status_code, response.json()["code"]) == (status, code), data
    assert not Booking.objects.exists()


def test_members_act_only_for_themselves(member, other_member, machine, lab):
    api = ApiClient.for_user(member)
    response = api.post("/bookings", slot(machine, lab, member=other_member.pk))
    assert response.status_code == 403 and response.json()["code"] == "not_your_booking"
    theirs = ApiClient.for_user(other_member).post("/bookings", slot(machine, lab)).json()
    assert api.call("DELETE", f"/bookings/{theirs['id']}").status_code == 404
    assert api.get("/bookings", {"member": other_member.pk}).json()["count"] == 0
    assert ApiClient().get("/bookings").status_code == 401


def test_staff_book_on_behalf_and_see_the_lab(staff, member, machine, lab):
    api = ApiClient.for_user(staff)
    created = api.post("/bookings", slot(machine, lab, member=member.pk))
    assert created.status_code == 201 and created.json()["member"] == member.pk
    lifted = api.post("/bookings", slot(machine, lab, 2, 19, 21, member=member.pk,
                                        override_reason="School project"))  # fmt: skip
    assert lifted.status_code == 201
    assert api.post("/bookings", slot(machine, lab, member=999999)).json()["code"] == "bad_member"
    assert api.get("/bookings", {"member": member.pk}).json()["count"] == 2
    assert (
        api.get("/bookings", {"machine": machine.pk, "to": at(lab, 2, 0).isoformat()}).json()[
            "count"
        ]
        == 1
    )


def test_availability(member, machine, lab):
    ApiClient.for_user(member).post("/bookings", slot(machine, lab))
    window = {"start": at(lab, 1, 0).isoformat(), "end": at(lab, 2, 0).isoformat()}
    body = ApiClient().get(f"/machines/{machine.pk}/availability", window).json()
    parse = dt.datetime.fromisoformat
    assert [(parse(s["start"]), parse(s["end"])) for s in body["slots"]] == [
        (at(lab, 1, 8), at(lab, 1, 10)),
        (at(lab, 1, 11), at(lab, 1, 20)),
    ]
    too_long = {"start": window["start"], "end": at(lab, 70, 0).isoformat()}
    response = ApiClient().get(f"/machines/{machine.pk}/availability", too_long)
    assert response.status_code == 422 and response.json()["code"] == "bad_range"
    naive = {"start": "2030-01-01T00:00:00", "end": "2030-01-02T00:00:00"}
    response = ApiClient().get(f"/machines/{machine.pk}/availability", naive)
    assert response.json()["code"] == "naive_datetime"
    assert ApiClient().get("/machines/999999/availability", window).status_code == 404


def test_refusals_are_told_in_the_member_s_language(member, machine, lab):
    api = ApiClient.for_user(member, language="fr")
    response = api.post("/bookings", slot(machine, lab, start=11, end=10))
    assert response.json()["detail"] == "La fin doit venir après le début."


# Spaces, moves, blocks, close ---------------------------------------------------------------


def space_slot(room, lab, days=1, start=10, end=11, **extra):
    return {"space": room.pk, "start": at(lab, days, start).isoformat(),
            "end": at(lab, days, end).isoformat(), **extra}  # fmt: skip


@pytest.fixture
def room(lab):
    return SpaceFactory(lab=lab, name="Salle de réunion", capacity=3, bookable=True)


def test_a_member_books_places_in_a_space(member, other_member, room, lab):
    api = ApiClient.for_user(member)
    response = api.post("/bookings", space_slot(room, lab, people=2))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["space"], body["machine"], body["people"]) == (room.pk, None, 2)
    assert body["kind"] == "booking" and body["note"] == ""
    full = ApiClient.for_user(other_member).post("/bookings", space_slot(room, lab, people=2))
    assert full.status_code == 409 and full.json()["code"] == "space_full"
    assert "1 place" in full.json()["detail"]
    listed = api.get("/bookings", {"space": room.pk}).json()
    assert listed["count"] == 1 and listed["items"][0]["people"] == 2


def test_space_bad_input_is_a_4xx_with_a_code_and_stores_nothing(member, room, machine, lab):
    api = ApiClient.for_user(member)
    cases = [
        (space_slot(room, lab, people=4), 422, "too_many_people"),
        (space_slot(room, lab, people=0), 422, "invalid"),
        ({**space_slot(room, lab), "machine": machine.pk}, 422, "machine_or_space"),
        ({"start": at(lab, 1, 10).isoformat(), "end": at(lab, 1, 11).isoformat()}, 422,
         "machine_or_space"),
        ({**space_slot(room, lab), "space": SpaceFactory(bookable=True).pk}, 404, "not_found"),
        ({**space_slot(room, lab), "space": 999999}, 404, "not_found"),
        (space_slot(SpaceFactory(lab=lab, bookable=False), lab), 422, "space_unavailable"),
    ]  # fmt: skip
    for data, status, code in cases:
        response = api.post("/bookings", data)
        assert (response.status_code, response.json()["code"]) == (status, code), data
    assert not Booking.objects.exists()


def test_space_availability(member, room, lab):
    ApiClient.for_user(member).post("/bookings", space_slot(room, lab, people=2))
    window = {"start": at(lab, 1, 0).isoformat(), "end": at(lab, 2, 0).isoformat()}
    body = ApiClient().get(f"/spaces/{room.pk}/availability", window).json()
    parse = dt.datetime.fromisoformat
    assert [(parse(s["start"]), parse(s["end"]), s["places_left"]) for s in body["slots"]] == [
        (at(lab, 1, 8), at(lab, 1, 10), 3),
        (at(lab, 1, 10), at(lab, 1, 11), 1),
        (at(lab, 1, 11), at(lab, 1, 20), 3),
    ]
    two = ApiClient().get(f"/spaces/{room.pk}/availability", {**window, "people": 2}).json()
    assert len(two["slots"]) == 2
    closed = SpaceFactory(lab=lab, bookable=False)
    response = ApiClient().get(f"/spaces/{closed.pk}/availability", window)
    assert response.status_code == 422 and response.json()["code"] == "space_unavailable"
    assert ApiClient().get("/spaces/999999/availability", window).status_code == 404
    too_long = {"start": window["start"], "end": at(lab, 70, 0).isoformat()}
    assert ApiClient().get(f"/spaces/{room.pk}/availability", too_long).status_code == 422


def test_a_member_moves_their_booking(member, other_member, machine, lab):
    api = ApiClient.for_user(member)
    booking = api.post("/bookings", slot(machine, lab, 2)).json()
    ApiClient.for_user(other_member).post("/bookings", slot(machine, lab, 2, 14, 15))
    new = {"start": at(lab, 2, 12).isoformat(), "end": at(lab, 2, 13).isoformat()}
    moved = api.post(f"/bookings/{booking['id']}/move", new)
    assert moved.status_code == 200 and moved.json()["id"] == booking["id"]
    assert dt.datetime.fromisoformat(moved.json()["start"]) == at(lab, 2, 12)
    taken = {"start": at(lab, 2, 14).isoformat(), "end": at(lab, 2, 15).isoformat()}
    response = api.post(f"/bookings/{booking['id']}/move", taken)
    assert response.status_code == 409 and response.json()["code"] == "slot_taken"
    naive = {"start": "2030-01-01T10:00:00", "end": "2030-01-01T11:00:00"}
    response = api.post(f"/bookings/{booking['id']}/move", naive)
    assert response.json()["code"] == "naive_datetime"
    theirs = Booking.objects.exclude(member=member).get()
    assert api.post(f"/bookings/{theirs.pk}/move", new).status_code == 404


def test_staff_block_a_machine_and_end_the_block(staff, member, machine, lab):
    taken = ApiClient.for_user(member).post("/bookings", slot(machine, lab)).json()
    api = ApiClient.for_user(staff)
    data = {"machine": machine.pk, "start": at(lab, 1, 8).isoformat(),
            "end": at(lab, 1, 22).isoformat(), "note": "Maintenance: new nozzle"}  # fmt: skip
    refused = api.post("/blocks", data)
    assert refused.status_code == 409 and refused.json()["code"] == "block_conflicts"
    created = api.post("/blocks", {**data, "cancel_conflicting": True})
    assert created.status_code == 201, created.json()
    block = created.json()
    assert block["kind"] == "block" and block["note"] == data["note"]
    assert Booking.objects.get(pk=taken["id"]).status == "cancelled"
    blocks = api.get("/bookings", {"kind": "block"}).json()
    assert [item["id"] for item in blocks["items"]] == [block["id"]]
    later = {"start": at(lab, 2, 6).isoformat(), "end": at(lab, 2, 23).isoformat()}
    moved = api.post(f"/bookings/{block['id']}/move", later)
    assert moved.status_code == 200
    ended = api.call("DELETE", f"/bookings/{block['id']}")
    assert ended.status_code == 200 and ended.json()["status"] == "cancelled"


def test_only_staff_block_and_a_block_says_why(staff, member, room, lab):
    data = {"space": room.pk, "start": at(lab, 1, 8).isoformat(),
            "end": at(lab, 1, 12).isoformat(), "note": "Private event"}  # fmt: skip
    response = ApiClient.for_user(member).post("/blocks", data)
    assert response.status_code == 403 and response.json()["code"] == "staff_only"
    api = ApiClient.for_user(staff)
    response = api.post("/blocks", {**data, "note": " "})
    assert response.status_code == 422 and response.json()["code"] == "note_required"
    response = api.post("/blocks", {**data, "machine": 1})
    assert response.status_code == 422 and response.json()["code"] == "machine_or_space"
    assert not Booking.objects.exists()
    created = api.post("/blocks", data).json()
    assert created["space"] == room.pk and created["people"] == 3


def test_check_in_and_close(member, room, lab):
    booking = Booking.objects.create(lab=lab, space=room, member=member, start=at(lab, 0, 0),
                                     end=at(lab, 1, 0), blocked_until=at(lab, 1, 0))  # fmt: skip
    api = ApiClient.for_user(member)
    early = api.post(f"/bookings/{booking.pk}/close")
    assert early.status_code == 422 and early.json()["code"] == "not_checked_in"
    assert api.post(f"/bookings/{booking.pk}/check-in").json()["status"] == "checked_in"
    closed = api.post(f"/bookings/{booking.pk}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "completed"
