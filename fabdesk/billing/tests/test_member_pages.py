"""A member's own billing page: what they still owe and for what, their invoices and credit
notes with the PDFs, their wallet and its movements, their plan's hours left and their
packs; nobody else's."""

import datetime as dt
from decimal import Decimal

import pytest

from fabdesk.billing.credit_notes import credit_note_issue
from fabdesk.billing.models import PlanUsage
from fabdesk.billing.tests.desk_setup import issued, pending
from fabdesk.billing.tests.factories import PackPurchaseFactory, SubscriptionFactory
from fabdesk.billing.wallet_services import wallet_top_up

pytestmark = pytest.mark.django_db


def test_a_member_sees_what_they_owe_their_invoices_and_their_wallet(
    member_client, staff, member, other_member
):
    pending(staff, member, "Laser, 1 h 30", "30.00", item_type="machine_time")
    invoice = issued(staff, member, price="12.00")
    credit = credit_note_issue(actor=staff, invoice=invoice, amount=Decimal("2.00"))
    wallet_top_up(actor=staff, member=member, amount=Decimal("20.00"), method="card")
    pending(staff, other_member, "Someone else's print", "99.00")
    page = member_client.get("/billing/mine/").content.decode()
    assert "Laser, 1 h 30" in page and "Machine time" in page and "€30.00" in page
    assert f"/billing/mine/invoices/{invoice.pk}/pdf/" in page
    assert f"/billing/mine/invoices/{credit.pk}/pdf/" in page
    assert f"credits {invoice.number}" in page
    assert "Balance: <strong>€22.00</strong>" in page  # 20 topped up + 2 refunded
    assert "Top-up (Card terminal)" in page and f"Refund · {credit.number}" in page
    assert "Someone else" not in page


def test_a_member_sees_their_plan_hours_and_packs(member_client, staff, member, lab):
    subscription = SubscriptionFactory(
        member=member, plan__lab=lab, plan__name="Adhésion annuelle", included_hours=10
    )
    used = pending(staff, member, "Laser", "1.00")
    PlanUsage.objects.create(subscription=subscription, charge=used, minutes=90)
    PackPurchaseFactory(
        member=member, pack__lab=lab, pack__name="Carnet 5 h", hours=5,
        expires_on=dt.date(2099, 6, 30),
    )  # fmt: skip
    page = member_client.get("/billing/mine/").content.decode()
    assert "Adhésion annuelle" in page and "8\xa0h\xa030 left of 10 h included" in page
    assert "Carnet 5 h" in page and "5\xa0h left of 5 h, until 2099-06-30" in page


def test_an_empty_page_says_so(member_client):
    page = member_client.get("/billing/mine/").content.decode()
    for sentence in ["Nothing to pay.", "No invoice yet.", "No current membership.",
                     "No prepaid hours.", "No movement yet."]:  # fmt: skip
        assert sentence in page


def test_the_page_costs_the_same_with_many_invoices(
    member_client, staff, member, django_assert_max_num_queries
):
    for _ in range(6):
        issued(staff, member, price="3.00")
        pending(staff, member, price="2.00")
    with django_assert_max_num_queries(25):
        assert member_client.get("/billing/mine/").status_code == 200
