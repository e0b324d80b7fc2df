"""The staff's invoice pages: the list's filters and CSV, an invoice with its payments and
credit notes, issuing credit notes (full, by lines, by amount; never above what remains),
a member's wallet at the desk; and no way to edit or delete an issued invoice."""

import csv
import io
from decimal import Decimal

import pytest

from fabdesk.billing.choices import InvoiceKind, InvoiceStatus
from fabdesk.billing.credit_notes import credit_note_issue
from fabdesk.billing.models import Invoice, WalletMovement
from fabdesk.billing.tests.desk_setup import AT, issued
from fabdesk.billing.wallet_services import wallet_top_up

pytestmark = pytest.mark.django_db


def numbers(response) -> list[str]:
    return [invoice.number for invoice in response.context["page"].object_list]


def test_the_list_filters_by_number_buyer_dates_status_and_kind(
    staff_client, staff, member, other_member
):
    first = issued(staff, member, price="10.00", at=AT)
    second = issued(staff, other_member, price="20.00", paid="0")
    credit = credit_note_issue(actor=staff, invoice=first, amount=Decimal("1.00"))
    everything = staff_client.get("/billing/invoices/")
    assert set(numbers(everything)) == {first.number, second.number, credit.number}
    assert numbers(staff_client.get("/billing/invoices/", {"number": second.number})) == [
        second.number
    ]
    assert numbers(staff_client.get("/billing/invoices/", {"buyer": other_member.email})) == [
        second.number
    ]
    found = staff_client.get(
        "/billing/invoices/", {"date_from": "2026-05-01", "date_until": "2026-05-31"}
    )
    assert numbers(found) == [first.number]
    assert numbers(staff_client.get("/billing/invoices/", {"status": "unpaid"})) == [second.number]
    assert numbers(staff_client.get("/billing/invoices/", {"kind": "credit_note"})) == [
        credit.number
    ]


def test_the_csv_has_the_filtered_invoices(staff_client, staff, member, other_member):
    first = issued(staff, member, price="10.00")
    issued(staff, other_member, price="20.00", paid="0")
    response = staff_client.get("/billing/invoices.csv", {"status": "paid"})
    assert response["Content-Disposition"].startswith('attachment; filename="invoices-test-lab-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Number", "Kind", "Issue date"]
    assert [row[0] for row in rows[1:]] == [first.number]
    assert rows[1][6:9] == ["8.33", "1.67", "10.00"]


def test_the_list_costs_the_same_with_many_invoices(
    staff_client, staff, member, django_assert_max_num_queries
):
    for _ in range(8):
        issued(staff, member, price="3.00")
    with django_assert_max_num_queries(15):
        assert staff_client.get("/billing/invoices/").status_code == 200


def test_an_invoice_page_has_no_edit_and_no_delete(staff_client, staff, member):
    invoice = issued(staff, member, price="10.00")
    page = staff_client.get(f"/billing/invoices/{invoice.pk}/").content.decode()
    assert "Issue a credit note" in page and "Download the PDF" in page
    assert "Record a payment" not in page  # paid
    assert "/edit" not in page and "/delete" not in page
    for suffix in ("edit/", "delete/"):
        assert staff_client.post(f"/billing/invoices/{invoice.pk}/{suffix}").status_code == 404


def test_a_full_credit_note_refunds_to_the_wallet(staff_client, staff, member):
    invoice = issued(staff, member, price="10.00")
    response = staff_client.post(
        f"/billing/invoices/{invoice.pk}/credit-note/",
        {"mode": "full", "refund_method": "wallet", "reason": "Machine broken"},
    )
    credit = Invoice.objects.get(kind=InvoiceKind.CREDIT_NOTE)
    assert response.status_code == 302 and response.url == f"/billing/invoices/{credit.pk}/"
    assert credit.total_incl_tax == Decimal("10.00") and credit.reason == "Machine broken"
    assert member.wallets.get().balance == Decimal("10.00")
    page = staff_client.get(f"/billing/invoices/{invoice.pk}/").content.decode()
    assert credit.number in page and "Issue a credit note" not in page


def test_a_partial_credit_note_by_lines_refunds_by_the_original_method(staff_client, staff, member):
    invoice = issued(staff, member, price="6.00", quantity=3)
    line = invoice.lines.get()
    response = staff_client.post(
        f"/billing/invoices/{invoice.pk}/credit-note/",
        {
            "mode": "lines",
            f"qty_{line.pk}": "1",
            "refund_method": "original",
            "reason": "One sheet",
        },
    )
    assert response.status_code == 302
    credit = Invoice.objects.get(kind=InvoiceKind.CREDIT_NOTE)
    assert credit.total_incl_tax == Decimal("6.00")
    assert list(credit.payments.values_list("method", "amount")) == [("cash", Decimal("6.00"))]
    assert not WalletMovement.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mode": "amount", "amount": "10.01"}, "This is more than what remains to credit."),
        ({"mode": "amount", "amount": "-1"}, "Ensure this value is greater than or equal to 0.01."),
        ({"mode": "amount"}, "Give the amount to credit."),
        ({"mode": "lines"}, "Give the quantity to credit on at least one line."),
    ],
)
def test_a_credit_note_above_what_remains_is_refused(staff_client, staff, member, data, message):
    invoice = issued(staff, member, price="10.00")
    response = staff_client.post(
        f"/billing/invoices/{invoice.pk}/credit-note/",
        {**data, "refund_method": "wallet", "reason": "Too much"},
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).exists()


def test_a_second_credit_note_only_credits_what_remains(staff_client, staff, member):
    invoice = issued(staff, member, price="10.00")
    credit_note_issue(actor=staff, invoice=invoice, amount=Decimal("4.00"))
    response = staff_client.post(
        f"/billing/invoices/{invoice.pk}/credit-note/",
        {"mode": "amount", "amount": "6.01", "refund_method": "wallet", "reason": "Again"},
    )
    assert "This is more than what remains to credit." in response.content.decode()
    assert Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).count() == 1


def test_a_payment_above_what_is_due_is_refused(staff_client, staff, member):
    invoice = issued(staff, member, price="10.00", paid="4.00")
    response = staff_client.post(
        f"/billing/invoices/{invoice.pk}/payment/", {"method": "cash", "amount": "6.01"}
    )
    assert response.status_code == 422
    assert "is more than the" in response.content.decode()
    assert invoice.payments.count() == 1
    staff_client.post(f"/billing/invoices/{invoice.pk}/payment/", {"method": "card", "amount": "6"})
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID


def test_topping_up_and_paying_back_a_wallet_at_the_desk(staff_client, staff, member):
    url = f"/billing/wallets/{member.pk}/"
    response = staff_client.post(
        url, {"direction": "top_up", "method": "cash", "amount": "25.00", "reference": "Caisse"}
    )
    assert response.status_code == 302
    staff_client.post(url, {"direction": "withdraw", "method": "cash", "amount": "5.00"})
    assert member.wallets.get().balance == Decimal("20.00")
    refused = staff_client.post(url, {"direction": "withdraw", "method": "cash", "amount": "20.01"})
    assert refused.status_code == 422
    assert "The wallet holds" in refused.content.decode()
    assert member.wallets.get().balance == Decimal("20.00")
    page = staff_client.get(url).content.decode()
    assert "Top-up (Cash)" in page and "Paid back (Cash)" in page


def test_a_wallet_top_up_must_be_positive(staff_client, member):
    response = staff_client.post(
        f"/billing/wallets/{member.pk}/", {"direction": "top_up", "method": "cash", "amount": "-5"}
    )
    assert response.status_code == 422
    assert not WalletMovement.objects.exists()


def test_the_wallet_of_someone_who_paid_with_it(staff_client, staff, member):
    wallet_top_up(actor=staff, member=member, amount=Decimal("9.00"), method="cheque")
    page = staff_client.get(f"/billing/wallets/{member.pk}/").content.decode()
    assert "Balance: <strong>€9.00</strong>" in page
