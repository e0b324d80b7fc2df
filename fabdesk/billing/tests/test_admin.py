"""Billing in the admin site: price lists are edited there; issued invoices, credit notes,
payments and wallet movements can be neither changed nor deleted."""

from decimal import Decimal

import pytest

from fabdesk.billing.invoice_services import invoice_issue
from fabdesk.billing.models import Invoice, MachinePrice
from fabdesk.billing.payment_services import PaymentIn

MODELS = [
    "accountingsettings",
    "machineprice",
    "spaceprice",
    "item",
    "plan",
    "pack",
    "subscription",
    "packpurchase",
    "wallet",
    "charge",
    "cart",
    "invoice",
    "payment",
    "closedperiod",
    "invoicecounter",
]


@pytest.fixture
def invoice(legal_lab, member, staff, sell):
    return invoice_issue(
        actor=staff, lab=legal_lab, charges=[sell(member)], payments=[PaymentIn("cash", 12)]
    )


@pytest.mark.parametrize("model", MODELS)
def test_the_admin_lists_billing(client, admin_user, invoice, model):
    client.force_login(admin_user)
    assert client.get(f"/django-admin/billing/{model}/").status_code == 200


def test_an_issued_invoice_cannot_be_changed_or_deleted_in_the_admin(client, admin_user, invoice):
    client.force_login(admin_user)
    url = f"/django-admin/billing/invoice/{invoice.pk}/"
    assert client.get(f"{url}change/").status_code == 200  # shown, read-only
    assert client.post(f"{url}change/", {"buyer_name": "X"}).status_code == 403
    assert client.post(f"{url}delete/", {"post": "yes"}).status_code == 403
    assert client.get("/django-admin/billing/invoice/add/").status_code == 403
    payment = invoice.payments.get()
    assert (
        client.post(
            f"/django-admin/billing/payment/{payment.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    stored = Invoice.objects.get(pk=invoice.pk)
    assert (stored.buyer_name, stored.fingerprint) == (invoice.buyer_name, invoice.fingerprint)


def test_prices_are_edited_in_the_admin(client, admin_user, lab, machine):
    client.force_login(admin_user)
    response = client.post(
        "/django-admin/billing/machineprice/add/",
        {
            "lab": lab.pk,
            "machine": machine.pk,
            "hourly_rate": "15.00",
            "minimum_charge": "0",
            "rounding_minutes": 15,
            "rounding_mode": "up",
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 302
    assert MachinePrice.objects.get().hourly_rate == Decimal("15.00")
