"""Staff take attendance at the door on a phone: each tap on a name is saved at once (htmx)
and the count follows; a family's head count is chosen from a menu."""

import pytest
from playwright.sync_api import expect

from fabdesk.events.models import Attendance
from fabdesk.events.tests.factories import EventFactory, TicketCategoryFactory
from fabdesk.events.tests.staff_setup import held, staff_adds
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import PASSWORD, UserFactory

from .helpers import log_in

pytestmark = pytest.mark.e2e


def test_staff_tick_who_came_on_a_phone(browser, live_server, lab):
    staff = UserFactory(lab=lab, email="accueil@example.test", with_role=Role.STAFF)
    workshop = EventFactory(lab=lab, title="Repair café")
    ticket = TicketCategoryFactory(event=workshop, max_seats=4)
    camille = staff_adds(staff, workshop, ticket, "camille@example.test", name="Camille Durand")
    staff_adds(staff, workshop, ticket, "famille@example.test", name="Famille Haddad", seats=3)
    held(workshop, days_ago=0)  # it started a moment ago
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    log_in(page, staff.email, PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone, at the door
    page.goto(f"/events/manage/{workshop.pk}/attendance/")
    expect(page.locator("#att-count")).to_have_text("Attended 0 / 4")

    row = page.locator(f"#att-{camille.pk}")
    row.get_by_role("button", name="Not here yet").click()
    expect(page.locator(f"#att-{camille.pk}").get_by_role("button")).to_have_text("✓ Came")
    expect(page.locator("#att-count")).to_have_text("Attended 1 / 4")

    family = page.locator(".att-row", has_text="Famille Haddad")
    family.get_by_label("People who came").select_option("2")
    expect(page.locator("#att-count")).to_have_text("Attended 3 / 4")
    expect(page.locator(".att-row", has_text="Famille Haddad").get_by_role("button")).to_have_text(
        "✓ Came"
    )

    page.locator(f"#att-{camille.pk}").get_by_role("button").click()
    expect(page.locator("#att-count")).to_have_text("Attended 2 / 4")
    assert {
        (a.registration.name, a.present, a.present_count) for a in Attendance.objects.all()
    } == {
        ("Camille Durand", False, None),
        ("Famille Haddad", True, 2),
    }
    context.close()
