"""The print jobs API per role, every JSON answer checked against docs/api/openapi.json."""

import io

import pytest
import trimesh

from fabdesk.fabrication import job_services as js
from fabdesk.fabrication.models import JobStatus, PrintFile, PrintJob
from fabdesk.tokens.tests.api_client import (  # noqa: F401
    API_ROOT,
    ApiClient,
    assert_matches_schema,
    fresh_rate_limits,
)

from .job_factories import make_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("print_settings", "profile")]


@pytest.fixture(autouse=True)
def _no_slicer(monkeypatch):
    monkeypatch.setattr("fabdesk.fabrication.slicer.slicer_available", lambda: False)


def stl(name="part.stl", extents=(30, 20, 10)):
    buffer = io.BytesIO()
    trimesh.creation.box(extents=extents).export(buffer, file_type="stl")
    upload = io.BytesIO(buffer.getvalue())
    upload.name = name
    return upload


def post_job(api: ApiClient, data: dict):
    """POST /print-jobs as multipart (the ApiClient speaks JSON)."""
    response = api.client.post(f"{API_ROOT}/print-jobs", data, headers=api.headers)
    assert_matches_schema(response, "post", f"{API_ROOT}/print-jobs")
    return response


def member_job(member, material):
    return js.print_job_submit(
        lab=member.lab,
        requester=member,
        files=[make_file(member.lab, uploaded_by=member)],
        material=material,
    )


def test_a_member_sends_files_and_follows_the_job(
    member, material, django_capture_on_commit_callbacks
):
    api = ApiClient.for_user(member)
    colour = material.colours.get(name="Black")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_job(
            api,
            {
                "files": [stl(), stl("gear.stl")],
                "material": "pla",
                "colour": colour.pk,
                "quantity": [1, 3],
                "notes": "Matte",
            },
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "submitted" and body["reference"].startswith("P-")
    assert [f["quantity"] for f in body["files"]] == [1, 3]
    assert body["files"][0]["bbox_mm"] == [30.0, 20.0, 10.0]
    assert body["quoted_price"] is not None and body["currency"] == "EUR"
    assert "requester" not in body or body["requester"] is None  # staff-only
    listing = api.get("/print-jobs").json()
    assert listing["count"] == 1 and listing["items"][0]["id"] == body["id"]
    again = api.get(f"/print-jobs/{body['id']}").json()
    assert again["notes"] == "Matte"
    assert again["files"][0]["thumbnail_url"].endswith("thumbnail.png")  # made after commit
    cancelled = api.post(f"/print-jobs/{body['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_a_bad_file_refuses_the_whole_job(member, material):
    api = ApiClient.for_user(member)
    junk = io.BytesIO(b"GIF89a" + b"\0" * 100)
    junk.name = "part.stl"
    response = post_job(api, {"files": [stl(), junk], "material": "PLA"})
    assert response.status_code == 422
    assert response.json()["code"] == "not_a_mesh" and response.json()["detail"]
    assert not PrintJob.objects.exists() and not PrintFile.objects.exists()


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        ({"material": "NOPE"}, 422, "material_unavailable"),
        ({"material": "PLA", "printer": 999999}, 404, "printer_not_found"),
        ({"material": "PLA", "quantity": [0]}, 422, "invalid_quantity"),
    ],
)
def test_job_refusals(member, material, data, status, code):
    response = post_job(ApiClient.for_user(member), {"files": [stl()], **data})
    assert response.status_code == status and response.json()["code"] == code
    assert not PrintJob.objects.exists()


def test_staff_run_the_queue(staff, member, material, printer):
    job = member_job(member, material)
    api = ApiClient.for_user(staff)
    listing = api.get("/print-jobs", {"status": "submitted"}).json()
    assert [item["id"] for item in listing["items"]] == [job.pk]
    assert listing["items"][0]["requester"]["id"] == member.pk
    body = api.post(
        f"/print-jobs/{job.pk}/approve", {"price": "20.5", "printer": printer.pk, "message": "OK"}
    ).json()
    assert body["status"] == "approved" and body["approved_price"] == "20.50"
    assert body["printer"]["id"] == printer.pk
    assert api.post(f"/print-jobs/{job.pk}/printing", {}).json()["status"] == "printing"
    assert api.post(f"/print-jobs/{job.pk}/failed", {"note": "Warp"}).json()["failed_attempts"] == 1
    refused = api.post(f"/print-jobs/{job.pk}/done", {"actual_grams": "0", "actual_minutes": 5})
    assert refused.status_code == 422 and refused.json()["code"] == "bad_grams"
    done = api.post(f"/print-jobs/{job.pk}/done", {"actual_grams": "12.3", "actual_minutes": 80})
    assert done.json()["status"] == "done" and done.json()["actual_grams"] == "12.3"
    assert api.post(f"/print-jobs/{job.pk}/picked-up").json()["status"] == "picked_up"
    again = api.post(f"/print-jobs/{job.pk}/picked-up")
    assert again.status_code == 422 and again.json()["code"] == "invalid_transition"
    by_printer = api.get("/print-jobs", {"printer": printer.pk}).json()
    assert by_printer["count"] == 1


def test_reject_and_assign(staff, member, material, printer):
    job = member_job(member, material)
    api = ApiClient.for_user(staff)
    assert api.post(f"/print-jobs/{job.pk}/assign", {"printer": printer.pk}).status_code == 200
    empty = api.post(f"/print-jobs/{job.pk}/reject", {"reason": " "})
    assert empty.status_code == 422 and empty.json()["code"] == "reason_required"
    body = api.post(f"/print-jobs/{job.pk}/reject", {"reason": "Too big"}).json()
    assert body["status"] == "rejected" and body["reject_reason"] == "Too big"


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("member", 403, "staff_only"),
        ("other_member", 404, "job_not_found"),
        ("other_lab_staff", 404, "job_not_found"),
    ],
)
def test_who_may_take_a_staff_step(request, member, material, who, status, code):
    job = member_job(member, material)
    api = ApiClient.for_user(request.getfixturevalue(who))
    response = api.post(f"/print-jobs/{job.pk}/approve", {})
    assert response.status_code == status and response.json()["code"] == code
    job.refresh_from_db()
    assert job.status == JobStatus.SUBMITTED


def test_other_people_s_jobs_are_not_found_and_lists_are_one_s_own(
    member, other_member, other_lab_staff, material
):
    job = member_job(member, material)
    for person in (other_member, other_lab_staff):
        api = ApiClient.for_user(person)
        assert api.get(f"/print-jobs/{job.pk}").status_code == 404
        assert api.post(f"/print-jobs/{job.pk}/cancel").status_code == 404
        assert api.get("/print-jobs").json()["count"] == 0
    assert ApiClient().get("/print-jobs").status_code == 401


def test_staff_cannot_cancel_for_the_requester(staff, member, material):
    job = member_job(member, material)
    response = ApiClient.for_user(staff).post(f"/print-jobs/{job.pk}/cancel")
    assert response.status_code == 403 and response.json()["code"] == "requester_only"


def test_an_unconfirmed_visitor_job_is_not_listed(staff, lab, material):
    js.print_job_submit(
        lab=lab,
        files=[make_file(lab)],
        material=material,
        contact_name="Ada",
        contact_email="ada@example.test",
    )
    assert ApiClient.for_user(staff).get("/print-jobs").json()["count"] == 0
