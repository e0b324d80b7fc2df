"""Who reaches each print page: anonymous, the requester, another member, the lab's staff and
the staff of another lab. Another person's job or file is not found; a refused step changes
nothing."""

import pytest
import trimesh
from django.urls import reverse

from fabdesk.fabrication import job_services as js
from fabdesk.fabrication.models import JobStatus, PrintJob
from fabdesk.fabrication.thumbnails import thumbnail_store

from .job_factories import make_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("print_settings", "profile")]

ROLES = ["anonymous", "member", "other_member", "staff", "other_lab_staff"]


@pytest.fixture
def job(member, material):
    print_file = make_file(member.lab, uploaded_by=member)
    box = trimesh.creation.box(extents=(10, 10, 10))
    thumbnail_store(print_file=print_file, vertices=box.vertices, faces=box.faces)
    return js.print_job_submit(
        lab=member.lab, requester=member, files=[print_file], material=material
    )


def _client(request, client, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    return client


LOGIN = "login"


def expect(*answers) -> dict:
    """What anonymous, the member, another member, staff and another lab's staff get."""
    return dict(zip(ROLES, answers, strict=True))


# GET pages: what each role gets.
PAGES = {
    "start": ({}, expect(200, 200, 200, 200, 200)),
    "mine": ({}, expect(LOGIN, 200, 200, 200, 200)),
    "queue": ({}, expect(LOGIN, 403, 403, 200, 200)),
    "job_detail": ({"job": True}, expect(LOGIN, 200, 404, 200, 404)),
    "file_thumbnail": ({"file": True}, expect(404, 200, 404, 200, 404)),
    "file_mesh": ({"file": True}, expect(404, 200, 404, 200, 404)),
}


def _url(name, args, job):
    if args.get("job"):
        return reverse(f"fabrication:{name}", args=[job.pk])
    if args.get("file"):
        return reverse(f"fabrication:{name}", args=[job.files.get().pk])
    return reverse(f"fabrication:{name}")


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("name", PAGES)
def test_who_sees_each_page(request, client, job, who, name):
    args, expected = PAGES[name]
    response = _client(request, client, who).get(_url(name, args, job))
    if expected[who] == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response.url
    else:
        assert response.status_code == expected[who]
    if name == "queue" and response.status_code == 200:
        assert (job.reference in response.content.decode()) == (who == "staff")


STAFF_STEPS = ["job_approve", "job_reject", "job_assign", "job_printing", "job_failed", "job_done"]


DONE = {
    ("staff", "job_approve"): JobStatus.APPROVED,  # at the quoted price
    ("staff", "job_reject"): JobStatus.REJECTED,
    ("member", "job_cancel"): JobStatus.CANCELLED,
}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("name", [*STAFF_STEPS, "job_picked_up", "job_cancel"])
def test_who_takes_each_step(request, client, job, who, name):
    before = PrintJob.objects.filter(pk=job.pk).values().get()
    url = reverse(f"fabrication:{name}", args=[job.pk])
    response = _client(request, client, who).post(url, {"reject-reason": "No"})
    after = PrintJob.objects.filter(pk=job.pk).values().get()
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response.url
    elif who in ("other_member", "other_lab_staff"):
        assert response.status_code == 404
    elif (who, name) in DONE:
        assert response.status_code == 302
        assert after["status"] == DONE[who, name]
        return
    elif who == "staff":  # a step the job is not ready for, or a form left empty
        assert response.status_code in (302, 422)
    else:  # the requester on a staff step, staff cancelling for the requester
        assert response.status_code == 302 and response.url == f"/prints/jobs/{job.pk}/"
    assert after == before


def test_a_visitor_s_job_is_reached_by_its_secret_only(client, lab, material, other_member):
    visitor_job = js.print_job_submit(
        lab=lab,
        files=[make_file(lab)],
        material=material,
        contact_name="Ada",
        contact_email="ada@example.test",
    )
    assert client.get(f"/prints/jobs/{visitor_job.secret}/").status_code == 200
    assert client.get(f"/prints/jobs/{visitor_job.secret[:-1]}x/").status_code == 404
    assert client.get(f"/prints/jobs/{visitor_job.pk}/").status_code == 302  # login
    client.force_login(other_member)
    assert client.get(f"/prints/jobs/{visitor_job.pk}/").status_code == 404
    file_id = visitor_job.files.get().pk
    assert client.get(f"/prints/files/{file_id}/mesh.bin").status_code == 404
    assert client.get(f"/prints/files/{file_id}/mesh.bin?s=wrong").status_code == 404
    assert client.post(f"/prints/jobs/{visitor_job.secret[:-1]}x/cancel/").status_code == 404


def test_another_person_s_draft_file_is_not_found(client, member, other_member, lab):
    draft = make_file(lab, uploaded_by=member)
    client.force_login(other_member)
    assert client.post(f"/prints/files/{draft.pk}/remove/").status_code == 404
    assert client.get(f"/prints/files/{draft.pk}/mesh.bin").status_code == 404
    client.logout()
    assert client.post(f"/prints/files/{draft.pk}/remove/").status_code == 404
    draft.refresh_from_db()
