"""Staff import members from a CSV file: a file with a bad row is reported line by line and
imports nothing; the corrected file is checked, confirmed, and its members are listed."""

import pytest
from playwright.sync_api import expect

from fabdesk.members.models import User
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import PASSWORD, UserFactory

from .helpers import label, log_in

pytestmark = pytest.mark.e2e

HEADER = "email,first_name,last_name,group,city\n"
GOOD_ROWS = (
    "ines.robert@example.test,Inès,Robert,Adulte,Lyon\n"
    "paul.girard@example.test,Paul,Girard,,Villeurbanne\n"
)
BAD_ROW = "not-an-email,Jean,Dupont,,Lyon\n"


def upload(page, name: str, content: str) -> None:
    form = page.get_by_role("main")
    form.get_by_label(label("CSV file")).set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content.encode("utf-8")}
    )
    form.get_by_role("button", name="Check the file").click()


def test_staff_import_members_from_csv(page, lab, default_group):
    staff = UserFactory(lab=lab, email="manager@example.test", with_role=Role.STAFF)
    log_in(page, staff.email, PASSWORD)
    sections = page.get_by_role("navigation", name="Main navigation")
    sections.get_by_role("link", name="Members").click()
    page.get_by_role("link", name="Import a CSV file").click()

    upload(page, "members-with-a-mistake.csv", HEADER + GOOD_ROWS + BAD_ROW)
    report = page.get_by_role("region", name="Check before importing: members-with-a-mistake.csv")
    expect(report).to_contain_text("2 members to create")
    expect(report).to_contain_text("1 row rejected")
    rejected = report.get_by_role("row").filter(has_text="not-an-email")
    expect(rejected).to_contain_text("rejected")
    expect(rejected.get_by_role("cell").first).to_have_text("4")
    expect(report.get_by_role("button", name="Confirm the import")).to_have_count(0)
    assert (
        not User.objects.filter(email__endswith="@example.test", lab=lab)
        .exclude(pk=staff.pk)
        .exists()
    )

    upload(page, "members.csv", HEADER + GOOD_ROWS)
    report = page.get_by_role("region", name="Check before importing: members.csv")
    expect(report).to_contain_text("2 members to create")
    expect(report).to_contain_text("0 rows rejected")
    report.get_by_role("button", name="Confirm the import").click()

    expect(page.get_by_role("status")).to_contain_text("2 members created")
    table = page.get_by_role("table")
    expect(table.get_by_role("row").filter(has_text="Inès Robert")).to_contain_text("Adulte")
    expect(table.get_by_role("row").filter(has_text="Paul Girard")).to_contain_text(
        "paul.girard@example.test"
    )
    imported = User.objects.get(email="ines.robert@example.test")
    assert (imported.lab, imported.member_group, imported.city) == (lab, default_group, "Lyon")
