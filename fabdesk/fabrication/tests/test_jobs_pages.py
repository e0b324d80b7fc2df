"""The print pages through the test client: uploading real (generated) files, the quote
block, submitting as a member and as a visitor, the job pages, the staff's steps and queue."""

import io

import pytest
import trimesh
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fabdesk.fabrication import job_services as js
from fabdesk.fabrication.models import JobStatus, PrintFile, PrintJob, SliceStatus

from .job_factories import make_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("print_settings", "profile")]


@pytest.fixture(autouse=True)
def _no_slicer(monkeypatch):
    """The slicer has its own tests: here quotes are estimates."""
    monkeypatch.setattr("fabdesk.fabrication.slicer.slicer_available", lambda: False)


def stl_upload(name="bracket.stl", extents=(30, 20, 10)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    trimesh.creation.box(extents=extents).export(buffer, file_type="stl")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="model/stl")


def upload(client, material, *files, **extra):
    data = {"material": material.pk, "printer": "", "files": list(files), **extra}
    return client.post(reverse("fabrication:quote"), data, HTTP_HX_REQUEST="true")


def test_the_page_says_when_the_lab_takes_no_requests_yet(client, lab):
    response = client.get(reverse("fabrication:start"))
    assert response.status_code == 200
    assert "does not take print requests online yet" in response.content.decode()


def test_a_member_uploads_sees_the_quote_and_submits(
    member_client, member, staff, material, django_capture_on_commit_callbacks
):
    page = member_client.get(reverse("fabrication:start"))
    assert page.status_code == 200 and 'name="files"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(member_client, material, stl_upload(), stl_upload("gear.stl"))
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "bracket.stl" in html
        and "gear.stl" in html
        and "30 \N{MULTIPLICATION SIGN} 20 \N{MULTIPLICATION SIGN} 10 mm" in html
    )
    assert 'id="print-quote"' in html and "data-total" in html
    files = list(PrintFile.objects.filter(uploaded_by=member).order_by("id"))
    assert len(files) == 2 and all(f.thumbnail for f in files)
    assert files[0].slice_status == SliceStatus.UNAVAILABLE
    # More copies of the second file: the total follows.
    before = html[html.index("data-total") :]
    response = upload(member_client, material, **{f"quantity-{files[1].pk}": "4"})
    assert response.content.decode()[response.content.decode().index("data-total") :] != before
    files[1].refresh_from_db()
    assert files[1].quantity == 4

    colour = material.colours.get(name="Orange")
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("fabrication:submit"),
            {"material": material.pk, "colour": colour.pk, "printer": "", "notes": "Thanks"},
        )
    job = PrintJob.objects.get()
    assert response.status_code == 302 and response.url == f"/prints/jobs/{job.pk}/"
    assert job.requester == member and job.colour == colour and job.files.count() == 2
    assert job.quoted_price is not None
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert mail.outbox[0].attachments[0][0] == f"{job.reference}.png"
    page = member_client.get(response.url).content.decode()
    assert job.reference in page and "Waiting for approval" in page and "Cancel this job" in page
    assert PrintFile.objects.filter(job=None).count() == 0
    mine = member_client.get(reverse("fabrication:mine")).content.decode()
    assert job.reference in mine


def test_a_bad_file_is_refused_with_its_reason_and_not_kept(member_client, material):
    junk = SimpleUploadedFile("part.stl", b"\x89PNG\r\n\x1a\n" + b"\0" * 200)
    truncated = SimpleUploadedFile("cut.stl", stl_upload().read()[:300])
    response = upload(member_client, material, junk, truncated)
    html = response.content.decode()
    assert response.status_code == 200
    assert "part.stl:" in html and "cut.stl:" in html
    assert not PrintFile.objects.exists()


def test_a_file_is_removed(member_client, member, material):
    upload(member_client, material, stl_upload())
    print_file = PrintFile.objects.get()
    response = member_client.post(
        reverse("fabrication:file_remove", args=[print_file.pk]),
        {"material": material.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "bracket.stl" not in response.content.decode()
    assert not PrintFile.objects.exists()


def test_while_the_slicer_works_the_block_polls_and_says_so(member_client, member, material):
    print_file = make_file(member.lab, uploaded_by=member)
    PrintFile.objects.filter(pk=print_file.pk).update(slice_status=SliceStatus.RUNNING)
    html = member_client.get(reverse("fabrication:quote"), {"material": material.pk}).content
    assert b'hx-trigger="every 2s"' in html and b"computing the exact figures" in html
    PrintFile.objects.filter(pk=print_file.pk).update(
        slice_status=SliceStatus.FAILED, slice_message="No extrusion in the first layer."
    )
    html = member_client.get(reverse("fabrication:quote"), {"material": material.pk}).content
    assert b"every 2s" not in html and b"No extrusion in the first layer." in html


def test_a_visitor_submits_confirms_and_follows_the_job_by_its_link(
    client, lab, staff, material, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, material, stl_upload())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("fabrication:submit"),
            {
                "material": material.pk,
                "contact_name": "Ada Lovelace",
                "contact_email": "ada@example.test",
            },
        )
    job = PrintJob.objects.get()
    assert response.url == f"/prints/jobs/{job.secret}/"
    assert job.requester is None and job.files.count() == 1
    page = client.get(response.url).content.decode()
    assert "Waiting for the confirmation of ada@example.test" in page
    thumbnail = job.files.get()
    assert (
        client.get(f"/prints/files/{thumbnail.pk}/thumbnail.png?s={job.secret}").status_code == 200
    )
    assert client.get(f"/prints/files/{thumbnail.pk}/mesh.bin?s={job.secret}").status_code == 200
    assert mail.outbox[0].to == ["ada@example.test"]
    response = client.get(js.confirmation_url(job))
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
    job.refresh_from_db()
    assert job.email_confirmed_at is not None
    response = client.get(reverse("fabrication:confirm_email"), {"token": "forged:token"})
    assert response.status_code == 400 and b"not valid" in response.content
    response = client.post(reverse("fabrication:job_secret_cancel", args=[job.secret]))
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED


def test_a_visitor_must_give_a_name_and_an_address(client, material):
    upload(client, material, stl_upload())
    response = client.post(reverse("fabrication:submit"), {"material": material.pk})
    assert response.status_code == 422 and not PrintJob.objects.exists()
    assert PrintFile.objects.count() == 1  # kept for the next try


def member_job(member, material):
    return js.print_job_submit(
        lab=member.lab,
        requester=member,
        files=[make_file(member.lab, uploaded_by=member)],
        material=material,
    )


def test_staff_run_a_job_from_its_page(staff_client, member, material, printer):
    job = member_job(member, material)
    url = reverse("fabrication:job_detail", args=[job.pk])
    page = staff_client.get(url).content.decode()
    assert "Approve the job" in page and "Reject the job" in page
    response = staff_client.post(
        reverse("fabrication:job_approve", args=[job.pk]),
        {"approve-price": "15", "approve-printer": printer.pk, "approve-message": "OK"},
    )
    assert response.status_code == 302
    staff_client.post(reverse("fabrication:job_printing", args=[job.pk]), {})
    staff_client.post(reverse("fabrication:job_failed", args=[job.pk]), {"failed-note": "Warped"})
    refused = staff_client.post(reverse("fabrication:job_done", args=[job.pk]), {})
    assert refused.status_code == 422 and b"This field is required" in refused.content
    staff_client.post(
        reverse("fabrication:job_done", args=[job.pk]),
        {"done-actual_grams": "12.5", "done-actual_minutes": "75"},
    )
    staff_client.post(reverse("fabrication:job_picked_up", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.PICKED_UP and job.failed_attempts == 1
    assert str(job.approved_price) == "15.00" and job.actual_minutes == 75
    page = staff_client.get(url).content.decode()
    assert "Warped" in page and "Nothing more to do" in page


def test_a_refused_step_shows_the_reason_on_its_form(staff_client, member, material):
    job = member_job(member, material)
    response = staff_client.post(
        reverse("fabrication:job_reject", args=[job.pk]), {"reject-reason": "  "}
    )
    assert response.status_code == 422
    job.refresh_from_db()
    assert job.status == JobStatus.SUBMITTED


def test_the_queue_groups_and_filters(staff_client, staff, member, material, printer, lab):
    first = member_job(member, material)
    second = js.print_job_approve(actor=staff, job=member_job(member, material), printer=printer)
    hidden = js.print_job_submit(
        lab=lab,
        files=[make_file(lab)],
        material=material,
        contact_name="Unconfirmed",
        contact_email="u@example.test",
    )
    page = staff_client.get(reverse("fabrication:queue")).content.decode()
    assert first.reference in page and second.reference in page
    assert hidden.reference not in page
    for filters in ({"status": "approved"}, {"printer": printer.pk}):
        page = staff_client.get(reverse("fabrication:queue"), filters).content
        assert first.reference.encode() not in page and second.reference.encode() in page


def test_the_queue_costs_the_same_with_more_jobs(
    staff_client, member, material, django_assert_max_num_queries
):
    for _n in range(3):
        member_job(member, material)
    with django_assert_max_num_queries(30) as few:
        staff_client.get(reverse("fabrication:queue"))
    for _n in range(12):
        member_job(member, material)
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(reverse("fabrication:queue"))
