"""Issue 8's browser test: a visitor (no account) uploads a generated STL on /prints/, sees
the 3D view and the quote, sends the request with a name and an address, confirms it from the
mail and follows the job by its link; staff approve it in the queue, print it and mark it
done with the grams and minutes used; the visitor is mailed at each step."""

import re

import pytest
import trimesh
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from fabdesk.fabrication.models import JobStatus, PrintJob
from fabdesk.fabrication.tests.job_factories import (
    make_material,
    make_print_settings,
    make_printer,
    make_profile,
)
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import PASSWORD, UserFactory

from .conftest import STEP_TIMEOUT_MS
from .helpers import label, log_in, path_of_link_in_mail_to

pytestmark = pytest.mark.e2e

VISITOR = "ada@example.test"


@pytest.fixture
def stl(tmp_path):
    path = tmp_path / "gear-housing.stl"
    part = trimesh.creation.cylinder(radius=15, height=12, sections=48)
    part.apply_translation((0, 0, 6))
    part.export(path)
    return path


def mails_to_visitor() -> list[str]:
    return [message.subject for message in mail.outbox if VISITOR in message.to]


def test_a_visitor_orders_a_print_staff_complete_it_and_the_visitor_is_told(
    new_page, lab, stl, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tasks run inside the request in tests: the estimate is enough (the slicer has its own
    # tests). The file is read in the sandbox's child process, as on a server.
    monkeypatch.setattr("fabdesk.fabrication.slicer.slicer_available", lambda: False)
    UserFactory(lab=lab, email="fabmanager@example.test", with_role=Role.STAFF)
    make_print_settings(lab)
    make_profile(lab)
    make_printer(lab, name="Prusa MK4")
    make_material(lab)

    # The visitor uploads the file: the 3D view and the quote.
    page = new_page()
    page.goto("/prints/")
    expect(page.get_by_role("heading", name="Print a part")).to_be_visible()
    page.get_by_label("3D files").set_input_files(str(stl))
    card = page.locator("article.print-file", has_text="gear-housing.stl")
    expect(card).to_be_visible(timeout=STEP_TIMEOUT_MS)
    expect(card.get_by_text(re.compile(r"^30 \S 30 \S 12 mm"))).to_be_visible()
    viewer = card.locator("[data-model-viewer]")
    expect(viewer).to_have_attribute("data-viewer-state", "ready", timeout=STEP_TIMEOUT_MS)
    canvas = viewer.locator("canvas")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box["width"] > 100 and box["height"] > 100
    expect(page.locator("[data-total]")).to_contain_text("€")

    # Sends it with a name and an address, and is asked to confirm.
    page.get_by_label(label("Your name")).fill("Ada Lovelace")
    page.get_by_label(label("Your email")).fill(VISITOR)
    page.get_by_role("button", name="Send the print request").click()
    expect(page.get_by_text("Check your mailbox")).to_be_visible()
    job = PrintJob.objects.get()
    assert job.requester is None and job.contact_email == VISITOR
    expect(page.get_by_text(f"Waiting for the confirmation of {VISITOR}")).to_be_visible()
    assert mails_to_visitor() == [f"Confirm your print request {job.reference}"]

    # The link in the mail confirms the address and leads to the job.
    page.goto(path_of_link_in_mail_to(VISITOR, reverse("fabrication:confirm_email")))
    expect(page.get_by_text("your address is confirmed")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Print job {job.reference}")).to_be_visible()
    job_page = page.url

    # Staff approve it in the queue, print it and mark it done.
    staff_page = new_page()
    log_in(staff_page, "fabmanager@example.test", PASSWORD)
    staff_page.get_by_role("link", name="Print queue").click()
    staff_page.get_by_role("link", name=job.reference).click()
    staff_page.get_by_label(label("Printer")).first.select_option(label="Prusa MK4")
    staff_page.get_by_role("button", name="Approve the job").click()
    expect(staff_page.get_by_text("The job is approved.")).to_be_visible()
    staff_page.get_by_role("button", name="Mark as printing").click()
    expect(staff_page.get_by_text("The job is printing.")).to_be_visible()
    staff_page.get_by_label(label("Material used (g)")).fill("14.5")
    staff_page.get_by_label(label("Print time (min)")).fill("95")
    staff_page.get_by_role("button", name="Mark as done").click()
    expect(staff_page.get_by_text("The job is done")).to_be_visible()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.actual_minutes == 95
    assert str(job.actual_grams) == "14.5"

    # The visitor was mailed at each step, and their link shows the job ready.
    subjects = mails_to_visitor()
    assert f"Print job {job.reference} approved" in subjects
    assert subjects[-1] == f"Print job {job.reference} is ready for pick-up"
    page.goto(job_page)
    expect(page.get_by_role("heading", name=f"Print job {job.reference}")).to_contain_text(
        "Ready for pick-up"
    )
