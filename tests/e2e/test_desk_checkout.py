"""A checkout at the desk: staff find a member, open their cart, add the member's pending
machine time and a sheet of plywood from the catalogue, take part in cash and part by card,
issue the invoice and download its PDF."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from fabdesk.billing.models import Invoice
from fabdesk.billing.tests.desk_setup import pending, with_legal_ids
from fabdesk.billing.tests.factories import ItemFactory, ItemPriceFactory
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import PASSWORD, UserFactory

from .helpers import label, log_in

pytestmark = pytest.mark.e2e


def test_staff_check_out_a_member_with_cash_and_card(browser, live_server, lab):
    with_legal_ids(lab)
    staff = UserFactory(lab=lab, email="accueil@example.test", with_role=Role.STAFF)
    member = UserFactory(lab=lab, email="ada@example.test", first_name="Ada", last_name="Lovelace")
    pending(staff, member, "Laser cutter, 1 h", "20.00", item_type="machine_time")
    plywood = ItemFactory(lab=lab, name="Plywood 5 mm", unit="sheet", unit_label="60x40 cm")
    ItemPriceFactory(item=plywood, unit_price=Decimal("9.00"))

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    log_in(page, staff.email, PASSWORD)
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Desk").click()
    page.get_by_label("Find a member").fill("Lovelace")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Open a cart for Ada Lovelace").click()
    expect(page.get_by_role("heading", name="Cart of Ada Lovelace", level=1)).to_be_visible()

    page.get_by_role("button", name="Add Laser cutter, 1 h to the cart").click()
    expect(page.get_by_text("Added: Laser cutter, 1 h.")).to_be_visible()
    catalogue = page.locator("form", has=page.get_by_role("button", name="Add the item"))
    catalogue.get_by_label(label("Item")).select_option(label="Plywood 5 mm (60x40 cm)")
    catalogue.get_by_label(label("Quantity")).fill("1")
    catalogue.get_by_role("button", name="Add the item").click()
    expect(page.locator("#cart-totals")).to_contain_text("€29.00")

    first = page.get_by_role("group", name="Payment 1")
    first.get_by_label(label("Paid by")).select_option(label="Cash")
    first.get_by_label(label("Amount")).fill("10")
    second = page.get_by_role("group", name="Payment 2")
    second.get_by_label(label("Paid by")).select_option(label="Card terminal")
    second.get_by_label(label("Amount")).fill("19")
    page.get_by_role("button", name="Issue the invoice").click()

    invoice = Invoice.objects.get()
    expect(page.get_by_role("heading", name=f"Invoice {invoice.number}")).to_be_visible()
    expect(page.get_by_text(f"Invoice {invoice.number} is issued.")).to_be_visible()
    assert sorted(invoice.payments.values_list("method", "amount")) == [
        ("card", Decimal("19.00")), ("cash", Decimal("10.00")),
    ]  # fmt: skip
    pdf_link = page.get_by_role("link", name="Download the PDF")
    response = page.request.get(pdf_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    context.close()
