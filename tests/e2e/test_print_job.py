"""A member uploads a generated STL on "Print a part", turns it in the 3D view, sees the quote
and submits; staff find the job in the print queue and approve it; the member's page then
says "Approved"."""

import re

import pytest
import trimesh
from playwright.sync_api import expect

from fabdesk.fabrication.models import PrintJob
from fabdesk.fabrication.tests.job_factories import (
    make_material,
    make_print_settings,
    make_printer,
    make_profile,
)
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import PASSWORD, UserFactory

from .conftest import STEP_TIMEOUT_MS
from .helpers import label, log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def stl(tmp_path):
    path = tmp_path / "bracket.stl"
    trimesh.creation.box(extents=(40, 20, 10)).export(path)
    return path


def test_a_member_orders_a_print_and_staff_approve_it(
    new_page, lab, default_group, stl, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tasks run inside the request in tests: the real slicer would hold the upload for
    # seconds. The estimate is enough here (the slicer has its own tests).
    monkeypatch.setattr("fabdesk.fabrication.slicer.slicer_available", lambda: False)
    UserFactory(lab=lab, member_group=default_group, email="maker@example.test")
    UserFactory(lab=lab, email="fabmanager@example.test", with_role=Role.STAFF)
    make_print_settings(lab)
    make_profile(lab)
    make_printer(lab, name="Prusa MK4")
    make_material(lab)

    # The member uploads the file and sees the model, its figures and the price.
    page = new_page()
    log_in(page, "maker@example.test", PASSWORD)
    page.get_by_role("link", name="Prints").click()
    page.wait_for_url("**/prints/")  # loaded: htmx listens to the file input from then on
    expect(page.get_by_role("heading", name="Print a part")).to_be_visible()
    page.get_by_label("3D files").set_input_files(str(stl))
    card = page.locator("article.print-file", has_text="bracket.stl")
    expect(card).to_be_visible(timeout=STEP_TIMEOUT_MS)  # read, quoted and pictured
    expect(card.get_by_text(re.compile(r"^40 \S 20 \S 10 mm"))).to_be_visible()
    viewer = card.locator("[data-model-viewer]")
    expect(viewer).to_have_attribute(
        "data-viewer-state", re.compile("^(ready|unavailable)$"), timeout=STEP_TIMEOUT_MS
    )
    if viewer.get_attribute("data-viewer-state") == "ready":
        canvas = viewer.locator("canvas")
        box = canvas.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] / 2 + 60, box["y"] + box["height"] / 2 + 20)
        page.mouse.up()
    total = page.locator("[data-total]")
    expect(total).to_contain_text("€")
    page.get_by_label(label("Colour")).select_option(label="Orange")
    page.get_by_label(label("Copies")).fill("2")
    page.get_by_label(label("Copies")).blur()
    expect(card.get_by_text("for 2 copies")).to_be_visible(timeout=STEP_TIMEOUT_MS)
    page.get_by_label(label("Notes for the lab")).fill("Flat side down, please.")
    page.get_by_role("button", name="Send the print request").click()
    expect(page.get_by_text("is sent to the lab")).to_be_visible()
    job = PrintJob.objects.get()
    expect(page.get_by_role("heading", name=f"Print job {job.reference}")).to_be_visible()
    expect(page.get_by_role("main").get_by_text("Waiting for approval").first).to_be_visible()

    # Staff find it in the queue, open it and approve it on the printer.
    staff_page = new_page()
    log_in(staff_page, "fabmanager@example.test", PASSWORD)
    staff_page.get_by_role("link", name="Print queue").click()
    staff_page.get_by_role("link", name=job.reference).click()
    expect(staff_page.get_by_text("Flat side down, please.")).to_be_visible()
    staff_page.get_by_label(label("Printer")).first.select_option(label="Prusa MK4")
    staff_page.get_by_label(label("Message to the requester")).first.fill("Printing tomorrow.")
    staff_page.get_by_role("button", name="Approve the job").click()
    expect(staff_page.get_by_text("The job is approved.")).to_be_visible()

    # The member's page says so.
    page.reload()
    expect(page.get_by_role("heading", name=f"Print job {job.reference}")).to_contain_text(
        "Approved"
    )
    expect(page.get_by_text("Printing tomorrow.").first).to_be_visible()
