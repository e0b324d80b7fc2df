"""The desk's checkout through its pages: a cart for a member or a walk-in customer, their
pending charges, catalogue items and free lines, a mix of payments, an unpaid invoice,
abandoning; and every refusal shown with nothing written."""

from decimal import Decimal

import pytest

from fabdesk.billing.choices import CartStatus, ChargeStatus, InvoiceStatus
from fabdesk.billing.models import Cart, Charge, Invoice, Payment, WalletMovement
from fabdesk.billing.tests.desk_setup import pending, with_legal_ids
from fabdesk.billing.tests.factories import ItemFactory, ItemPriceFactory
from fabdesk.billing.wallet_services import wallet_top_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def plywood(lab):
    item = ItemFactory(lab=lab, name="Contreplaqué 5 mm", unit="sheet", unit_label="60x40 cm")
    ItemPriceFactory(item=item, unit_price=Decimal("9.00"))
    return item


def open_cart(client, **post) -> Cart:
    response = client.post("/billing/desk/open/", post)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Cart.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[1])


def add_item(client, cart, item, quantity):
    return client.post(
        f"/billing/desk/carts/{cart.pk}/items/", {"item": item.pk, "quantity": quantity}
    )


def pay(client, cart, *rows, pay_later=False):
    data = {"pay-TOTAL_FORMS": "3", "pay-INITIAL_FORMS": "0"}
    for n, (method, amount) in enumerate(rows):
        data[f"pay-{n}-method"] = method
        data[f"pay-{n}-amount"] = amount
    if pay_later:
        data["pay_later"] = "on"
    return client.post(f"/billing/desk/carts/{cart.pk}/checkout/", data)


def test_the_desk_finds_a_member_and_opens_their_cart(staff_client, member):
    page = staff_client.get("/billing/desk/", {"q": member.last_name})
    assert member.email in page.content.decode()
    cart = open_cart(staff_client, member=member.pk)
    assert cart.member == member and cart.status == CartStatus.OPEN
    assert open_cart(staff_client, member=member.pk) == cart  # one open cart per member


def test_a_member_cart_with_a_pending_charge_an_item_and_a_mix_of_payments(
    staff_client, staff, lab, member, plywood
):
    with_legal_ids(lab)
    booking = pending(staff, member, "Laser, 1 h", "20.00", item_type="machine_time")
    cart = open_cart(staff_client, member=member.pk)
    page = staff_client.get(f"/billing/desk/carts/{cart.pk}/").content.decode()
    assert "Laser, 1 h" in page and "Waiting to be paid" in page

    staff_client.post(f"/billing/desk/carts/{cart.pk}/charges/", {"charge": booking.pk})
    add_item(staff_client, cart, plywood, "2")
    page = staff_client.get(f"/billing/desk/carts/{cart.pk}/").content.decode()
    assert "Contreplaqué 5 mm (60x40 cm)" in page
    assert 'data-total="38.00"' in page

    response = pay(staff_client, cart, ("cash", "10.00"), ("card", "28.00"))
    invoice = Invoice.objects.get()
    assert response.status_code == 302 and response.url == f"/billing/invoices/{invoice.pk}/"
    assert invoice.total_incl_tax == Decimal("38.00") and invoice.status == InvoiceStatus.PAID
    assert sorted(invoice.payments.values_list("method", "amount")) == [
        ("card", Decimal("28.00")), ("cash", Decimal("10.00")),
    ]  # fmt: skip
    assert set(Charge.objects.values_list("status", flat=True)) == {ChargeStatus.INVOICED}
    cart.refresh_from_db()
    assert cart.status == CartStatus.CHECKED_OUT and cart.invoice == invoice
    page = staff_client.get(response.url).content.decode()
    assert f"/billing/invoices/{invoice.pk}/pdf/" in page


def test_a_walk_in_customer_pays_a_free_line_with_its_vat_rate(staff_client, lab):
    cart = open_cart(
        staff_client, customer_name="Atelier Dupont", customer_address="3 rue Haute\n69004 Lyon",
        customer_email="dupont@example.test", customer_company_id="FR99123456789",
    )  # fmt: skip
    response = staff_client.post(
        f"/billing/desk/carts/{cart.pk}/lines/",
        {"description": "Découpe sur mesure", "quantity": "1", "unit_price": "105.50",
         "vat_rate": "5.5", "item_type": "other"},
    )  # fmt: skip
    assert response.status_code == 302
    line = Charge.objects.get().lines.get()
    assert line.vat_rate == Decimal("5.50") and line.amount_incl_tax == Decimal("105.50")
    assert pay(staff_client, cart, ("cheque", "105.50")).status_code == 302
    invoice = Invoice.objects.get()
    assert invoice.buyer_name == "Atelier Dupont" and invoice.buyer_member is None
    assert invoice.buyer_company_id == "FR99123456789"
    assert "69004 Lyon" in invoice.buyer_address


def test_a_walk_in_customer_needs_a_name(staff_client):
    response = staff_client.post("/billing/desk/open/", {"customer_name": " "})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not Cart.objects.exists()


def test_the_wallet_pays_within_its_balance(staff_client, staff, member):
    wallet_top_up(actor=staff, member=member, amount=Decimal("15.00"), method="cash")
    charge = pending(staff, member, price="12.00")
    cart = open_cart(staff_client, member=member.pk)
    staff_client.post(f"/billing/desk/carts/{cart.pk}/charges/", {"charge": charge.pk})
    assert pay(staff_client, cart, ("wallet", "12.00")).status_code == 302
    assert member.wallets.get().balance == Decimal("3.00")


def test_a_wallet_overdraft_is_refused_and_nothing_is_written(staff_client, staff, member):
    wallet_top_up(actor=staff, member=member, amount=Decimal("5.00"), method="cash")
    charge = pending(staff, member, price="12.00")
    cart = open_cart(staff_client, member=member.pk)
    staff_client.post(f"/billing/desk/carts/{cart.pk}/charges/", {"charge": charge.pk})
    response = pay(staff_client, cart, ("wallet", "12.00"))
    assert response.status_code == 422
    assert "The wallet holds" in response.content.decode()
    assert not Invoice.objects.exists() and not Payment.objects.exists()
    assert WalletMovement.objects.count() == 1  # the top-up only
    assert member.wallets.get().balance == Decimal("5.00")
    charge.refresh_from_db()
    assert charge.status == ChargeStatus.IN_CART


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("cash", "10.00")], "do not cover the total"),
        ([("cash", "10.00"), ("card", "5.00")], "are more than the total"),
        ([("cash", "-12.00")], "Ensure this value is greater than or equal to 0.01."),
        ([("", "12.00")], "Say how this amount was paid."),
    ],
)
def test_payments_must_add_up_to_the_total(staff_client, staff, member, rows, message):
    charge = pending(staff, member, price="12.00")
    cart = open_cart(staff_client, member=member.pk)
    staff_client.post(f"/billing/desk/carts/{cart.pk}/charges/", {"charge": charge.pk})
    response = pay(staff_client, cart, *rows)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Invoice.objects.exists() and not Payment.objects.exists()


def test_an_unpaid_invoice_is_paid_later_by_transfer(staff_client, staff, member):
    charge = pending(staff, member, price="40.00")
    cart = open_cart(staff_client, member=member.pk)
    staff_client.post(f"/billing/desk/carts/{cart.pk}/charges/", {"charge": charge.pk})
    assert pay(staff_client, cart, pay_later=True).status_code == 302
    invoice = Invoice.objects.get()
    assert invoice.status == InvoiceStatus.UNPAID
    response = staff_client.post(
        f"/billing/invoices/{invoice.pk}/payment/",
        {"method": "transfer", "amount": "40.00", "reference": "VIR-123"},
    )
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    again = staff_client.post(
        f"/billing/invoices/{invoice.pk}/payment/", {"method": "cash", "amount": "1.00"}
    )
    assert again.status_code == 422
    assert "This invoice is already paid." in again.content.decode()
    assert invoice.payments.count() == 1


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        ("items", {"quantity": "-1"}, "Ensure this value is greater than or equal to 0.0001."),
        ("lines", {"description": "Café", "quantity": "1", "unit_price": "-2",
                   "item_type": "other"}, "Ensure this value is greater than or equal to 0."),
        ("lines", {"description": "Café", "quantity": "0", "unit_price": "2",
                   "item_type": "other"}, "Ensure this value is greater than or equal to 0.0001."),
        ("lines", {"description": "Café", "quantity": "1", "unit_price": "2", "vat_rate": "120",
                   "item_type": "other"}, "Ensure this value is less than or equal to 100."),
    ],
)  # fmt: skip
def test_bad_quantities_and_prices_are_refused(staff_client, member, plywood, url, data, message):
    cart = open_cart(staff_client, member=member.pk)
    if url == "items":
        data = {**data, "item": plywood.pk}
    response = staff_client.post(f"/billing/desk/carts/{cart.pk}/{url}/", data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Charge.objects.exists()


def test_removing_and_abandoning(staff_client, staff, member, plywood):
    booking = pending(staff, member, "Laser, 1 h", "20.00", item_type="machine_time")
    cart = open_cart(staff_client, member=member.pk)
    staff_client.post(f"/billing/desk/carts/{cart.pk}/charges/", {"charge": booking.pk})
    add_item(staff_client, cart, plywood, "1")
    sheet = Charge.objects.exclude(pk=booking.pk).get()
    staff_client.post(f"/billing/desk/carts/{cart.pk}/remove/{sheet.pk}/")
    sheet.refresh_from_db()
    assert sheet.status == ChargeStatus.CANCELLED  # an item added here is cancelled
    response = staff_client.post(f"/billing/desk/carts/{cart.pk}/abandon/")
    assert response.status_code == 302
    booking.refresh_from_db()
    cart.refresh_from_db()
    assert booking.status == ChargeStatus.PENDING and booking.cart is None
    assert cart.status == CartStatus.ABANDONED
    refused = staff_client.post(f"/billing/desk/carts/{cart.pk}/charges/", {"charge": booking.pk})
    assert refused.status_code == 302
    booking.refresh_from_db()
    assert booking.status == ChargeStatus.PENDING
    assert "already closed" in staff_client.get(refused.url).content.decode()


def test_another_members_charge_does_not_go_in_the_cart(staff_client, staff, member, other_member):
    theirs = pending(staff, other_member)
    cart = open_cart(staff_client, member=member.pk)
    staff_client.post(f"/billing/desk/carts/{cart.pk}/charges/", {"charge": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.status == ChargeStatus.PENDING and theirs.cart is None
