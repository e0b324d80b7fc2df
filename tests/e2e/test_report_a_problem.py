"""A member scans a machine's QR label, reports a problem with a photo and marks the machine
unusable; staff see the ticket, acknowledge it, repair it, resolve it and put the machine
back in service; the machine's page says so."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.incidents.models import Incident
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import PASSWORD, UserFactory

from .conftest import STEP_TIMEOUT_MS
from .helpers import label, log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "jammed.png"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 40, 40)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_member_reports_a_problem_and_staff_put_the_machine_back_in_service(
    new_page, lab, default_group, photo, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    member = UserFactory(lab=lab, member_group=default_group, email="maker@example.test")
    UserFactory(lab=lab, email="fabmanager@example.test", with_role=Role.STAFF)
    machine = MachineFactory(lab=lab, name="Laser Trotec")

    # The member scans the QR label: the machine's page, then the report form after logging in.
    page = new_page()
    page.goto(f"/machines/{machine.pk}/?from=qr")
    page.get_by_role("link", name="Report a problem").first.click()
    main = page.get_by_role("main")
    main.get_by_label(label("Email")).fill(member.email)
    main.get_by_label(label("Password")).fill(PASSWORD)
    main.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Report a problem")).to_be_visible()
    page.get_by_label(label("What happened?")).fill("The laser tube does not fire any more.")
    page.get_by_label(label("Photo (optional)")).set_input_files(str(photo))
    page.get_by_label(label("The machine cannot be used")).check()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("your report is sent to the lab's staff")).to_be_visible()
    expect(page.get_by_role("img", name="Photo sent with the report")).to_be_visible()
    incident = Incident.objects.get()
    machine.refresh_from_db()
    assert machine.status == "out_of_order"

    # Staff find it on their list, acknowledge, repair, resolve and put the machine back.
    staff_page = new_page()
    log_in(staff_page, "fabmanager@example.test", PASSWORD)
    staff_page.goto("/incidents/")
    staff_page.get_by_role("link", name=re.compile(rf"#{incident.pk} The laser tube")).click()
    staff_page.get_by_role("button", name="Acknowledge").click()
    expect(staff_page.get_by_text("The ticket is acknowledged.")).to_be_visible()
    staff_page.get_by_role("button", name="Start the repair").click()
    expect(staff_page.get_by_text("The repair has started.")).to_be_visible()
    staff_page.get_by_text("Resolve", exact=True).click()
    staff_page.get_by_label(label("What was done")).first.fill("Tube reseated, mirrors cleaned.")
    back = staff_page.get_by_label(label("Put the machine back in service")).first
    expect(back).to_be_checked()
    staff_page.get_by_role("button", name="Mark as resolved").click()
    expect(staff_page.get_by_text("The machine is back in service.")).to_be_visible()

    # The member's page shows the progress; the machine's page shows it in service again.
    page.reload()
    expect(page.get_by_text("Tube reseated, mirrors cleaned.").first).to_be_visible()
    page.goto(f"/machines/{machine.pk}/")
    expect(page.get_by_role("main").get_by_text("In service").first).to_be_visible(
        timeout=STEP_TIMEOUT_MS
    )
    machine.refresh_from_db()
    assert machine.status == "in_service"
