"""The incidents API per role, every answer checked against docs/api/openapi.json."""

import pytest

from fabdesk.equipment.models import MachineStatus
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.incidents.models import Incident, IncidentStatus
from fabdesk.incidents.services import incident_comment_add, incident_part_add
from fabdesk.members.models import User
from fabdesk.tokens.tests.api_client import ApiClient, fresh_rate_limits  # noqa: F401

from .factories import report

pytestmark = pytest.mark.django_db


def test_a_member_reports_a_problem(member, machine):
    api = ApiClient.for_user(member)
    response = api.post(
        f"/machines/{machine.pk}/incidents", {"description": "Jammed", "unusable": True}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "reported" and body["unusable"] is True
    assert body["machine"]["status"] == "out_of_order"
    assert body["reporter"] is None and body["parts"] is None  # staff-only fields
    assert [step["status"] for step in body["history"]] == ["reported"]
    assert Incident.objects.get().reporter == member


def test_reporting_refusals(member, machine, staff):
    api = ApiClient.for_user(member)
    assert api.post("/machines/999999/incidents", {"description": "x"}).status_code == 404
    other_lab = MachineFactory()
    assert api.post(f"/machines/{other_lab.pk}/incidents", {"description": "x"}).status_code == 404
    empty = api.post(f"/machines/{machine.pk}/incidents", {"description": "  "})
    assert empty.status_code == 422 and empty.json()["field"] == "description"
    from fabdesk.equipment.services import machine_set_status

    machine_set_status(actor=staff, machine=machine, status=MachineStatus.RETIRED, reason="Old")
    retired = api.post(f"/machines/{machine.pk}/incidents", {"description": "x"})
    assert retired.status_code == 422 and retired.json()["code"] == "machine_retired"
    assert ApiClient().post(f"/machines/{machine.pk}/incidents", {}).status_code == 401


def test_a_suspended_member_is_refused(member, machine):
    api = ApiClient.for_user(member)
    member.status = User.Status.SUSPENDED
    member.save()
    response = api.post(f"/machines/{machine.pk}/incidents", {"description": "x"})
    assert response.status_code in (401, 403) and "suspended" in response.json()["detail"]
    assert not Incident.objects.exists()


def test_staff_list_and_filter(staff, member, machine, lab):
    other_machine = MachineFactory(lab=lab)
    report(member, machine, description="Calm")
    blocking = report(member, other_machine, description="Blocking", unusable=True)
    api = ApiClient.for_user(staff)
    body = api.get("/incidents").json()
    assert body["count"] == 2 and body["items"][0]["id"] == blocking.pk
    assert api.get("/incidents", {"blocking": "true"}).json()["count"] == 1
    assert api.get("/incidents", {"machine": machine.pk}).json()["items"][0]["description"] == (
        "Calm"
    )
    assert api.get("/incidents", {"status": "resolved"}).json()["count"] == 0
    assert api.get("/incidents", {"status": "open"}).json()["count"] == 2
    assert api.get("/incidents", {"status": "bogus"}).status_code == 422


def test_members_and_other_labs_cannot_list(member, other_lab_staff, machine):
    report(member, machine)
    assert ApiClient.for_user(member).get("/incidents").status_code == 403
    assert ApiClient.for_user(other_lab_staff).get("/incidents").json()["count"] == 0


def test_one_ticket_as_reporter_staff_and_others(
    member, other_member, staff, other_lab_staff, machine
):
    incident = report(member, machine)
    incident_comment_add(author=staff, incident=incident, body="Public")
    incident_comment_add(author=staff, incident=incident, body="Secret", internal=True)
    incident_part_add(actor=staff, incident=incident, name="Fuse", quantity=2, unit_cost="1.25")
    path = f"/incidents/{incident.pk}"
    staff_api = ApiClient.for_user(staff)
    mine = ApiClient.for_user(member).get(path).json()
    assert [c["body"] for c in mine["comments"]] == ["Public"] and mine["parts_cost"] is None
    theirs = staff_api.get(path).json()
    assert [c["body"] for c in theirs["comments"]] == ["Public", "Secret"]
    assert theirs["parts_cost"] == "2.50" and theirs["reporter"]["id"] == member.pk
    assert ApiClient.for_user(other_member).get(path).status_code == 404
    assert ApiClient.for_user(other_lab_staff).get(path).status_code == 404
    assert staff_api.get("/incidents/999999").status_code == 404


def test_staff_move_a_ticket_and_put_the_machine_back(staff, member, machine):
    incident = report(member, machine, unusable=True)
    api = ApiClient.for_user(staff)
    path = f"/incidents/{incident.pk}"
    assert api.patch(path, {"status": "acknowledged", "note": "Seen"}).json()["status"] == (
        "acknowledged"
    )
    refused = api.patch(path, {"status": "acknowledged"})
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_transition"
    missing = api.patch(path, {"status": "resolved"})
    assert missing.status_code == 422 and missing.json()["field"] == "resolution"
    done = api.patch(
        path, {"status": "resolved", "resolution": "Cleaned", "back_in_service": True}
    ).json()
    assert done["status"] == "resolved" and done["machine"]["status"] == "in_service"
    assert done["resolution"] == "Cleaned"


def test_back_in_service_refused_names_the_other_tickets(staff, member, other_member, machine):
    first = report(member, machine, unusable=True)
    second = report(other_member, machine, unusable=True)
    response = ApiClient.for_user(staff).patch(
        f"/incidents/{first.pk}",
        {"status": "closed", "reason": "Duplicate", "back_in_service": True},
    )
    assert response.status_code == 422 and f"#{second.pk}" in response.json()["detail"]
    first.refresh_from_db()
    assert first.status == IncidentStatus.REPORTED


def test_the_reporter_cannot_move_their_ticket(member, other_member, machine):
    incident = report(member, machine)
    path = f"/incidents/{incident.pk}"
    body = {"status": "closed", "reason": "fixed myself"}
    member_api = ApiClient.for_user(member)
    assert member_api.patch(path, body).status_code == 403
    assert ApiClient.for_user(other_member).patch(path, body).status_code == 404
    assert member_api.patch(path, {"status": "nope"}).status_code == 422
