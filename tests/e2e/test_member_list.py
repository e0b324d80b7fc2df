"""Staff filter the member list: typing in the search box and choosing a status swap only the
table (htmx), the address follows the filters, and the export link carries them."""

import re

import pytest
from playwright.sync_api import expect

from fabdesk.members.models import User
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import PASSWORD, UserFactory

from .helpers import label, log_in

pytestmark = pytest.mark.e2e


def test_staff_filter_the_member_list_without_reloading(page, lab, default_group):
    staff = UserFactory(lab=lab, email="manager@example.test", with_role=Role.STAFF)
    UserFactory(lab=lab, first_name="Ada", last_name="Lovelace", member_group=default_group)
    UserFactory(
        lab=lab, first_name="Grace", last_name="Hopper", status=User.Status.PENDING,
        member_group=default_group,
    )  # fmt: skip
    log_in(page, staff.email, PASSWORD)
    page.goto("/members/")
    table = page.locator("#member-table")
    expect(table).to_contain_text("Lovelace")
    page.evaluate("window.notReloaded = true")

    page.get_by_label(label("Search")).fill("hopp")
    expect(table).not_to_contain_text("Lovelace")
    expect(table).to_contain_text("Hopper")
    expect(page).to_have_url(re.compile(r"q=hopp"))

    page.get_by_label(label("Search")).fill("")
    page.get_by_label(label("Status")).select_option("active")
    expect(table).not_to_contain_text("Hopper")
    expect(table).to_contain_text("Lovelace")
    assert page.evaluate("window.notReloaded") is True  # only the table was swapped
    export = table.get_by_role("link", name="Export these members (CSV)")
    expect(export).to_have_attribute("href", re.compile(r"status=active"))
