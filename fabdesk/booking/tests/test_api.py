"""The booking API per role, every answer checked against docs/api/openapi.json."""

import datetime as dt

import pytest

from fabdesk.booking.models import Booking
from fabdesk.equipment.tests.factories import MachineFactory
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
