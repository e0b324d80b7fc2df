"""Issuing invoices: numbers, snapshots, legal mentions, totals, payments at the desk, the
refusals (bad payments, closed periods, nobody but staff), and that nothing is left
half-written when issuing is refused."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from fabdesk.billing.choices import ChargeStatus, InvoiceStatus
from fabdesk.billing.invoice_services import Buyer, invoice_issue
from fabdesk.billing.models import (
    Cart,
    ClosedPeriod,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    Payment,
    WalletMovement,
)
from fabdesk.billing.payment_services import PaymentIn, invoice_balance, payment_record
from fabdesk.billing.records import RecordIsFinal
from fabdesk.billing.selectors import accounting_settings_get
from fabdesk.billing.wallet_services import wallet_get, wallet_top_up
from fabdesk.core.errors import Conflict, Forbidden, Invalid

AT = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


def cash(amount):
    return PaymentIn("cash", Decimal(amount))


def test_an_invoice_with_its_legal_mentions(legal_lab, member, staff, sell):
    member.address_line1, member.postal_code, member.city = "2 rue Neuve", "69002", "Lyon"
    member.save()
    first = sell(member, "Contreplaqué 3 mm", "6.00", quantity=2)
    second = sell(member, "Filament PLA", "0.05", quantity=137, item_type="material")
    invoice = invoice_issue(
        actor=staff, lab=legal_lab, charges=[first, second], payments=[cash("18.85")], at=AT
    )
    assert invoice.number == "2026-000001"
    assert invoice.issue_date == dt.date(2026, 5, 4)
    assert invoice.due_date == invoice.issue_date
    assert invoice.seller["siret"] == "12345678900012"
    assert invoice.seller["legal_form"] == "Association loi 1901"
    assert invoice.buyer_name == member.get_full_name()
    assert "69002 Lyon" in invoice.buyer_address
    assert invoice.buyer_member == member
    assert [line.description for line in invoice.lines.all()] == [
        "Contreplaqué 3 mm",
        "Filament PLA",
    ]
    assert invoice.total_incl_tax == Decimal("18.85")
    assert invoice.total_excl_tax + invoice.total_vat == invoice.total_incl_tax
    assert invoice.total_excl_tax == sum(line.amount_excl_tax for line in invoice.lines.all())
    assert invoice.vat_breakdown == [
        {"rate": "20.00", "base": str(invoice.total_excl_tax), "vat": str(invoice.total_vat)}
    ]
    assert invoice.payment_terms and "40" in invoice.late_payment_mention
    assert invoice.vat_exemption_mention == ""
    assert invoice.status == InvoiceStatus.PAID
    assert len(invoice.fingerprint) == 64 and invoice.previous_fingerprint == ""
    first.refresh_from_db()
    assert (first.status, first.invoice) == (ChargeStatus.INVOICED, invoice)


def test_numbers_follow_each_other_and_the_chain_links_them(legal_lab, member, staff, sell):
    one, two = (
        invoice_issue(
            actor=staff, lab=legal_lab, charges=[sell(member)], payments=[cash(12)], at=AT
        )
        for _n in range(2)
    )
    assert (one.number, two.number) == ("2026-000001", "2026-000002")
    assert (one.chain_index, two.chain_index) == (1, 2)
    assert two.previous_fingerprint == one.fingerprint


def test_a_configured_pattern_and_a_new_series_each_year(legal_lab, member, staff, sell):
    settings = accounting_settings_get(lab=legal_lab)
    settings.invoice_number_pattern = "FL-{year}{month:02d}-{seq:04d}"
    settings.save()
    december = invoice_issue(
        actor=staff,
        lab=legal_lab,
        charges=[sell(member)],
        payments=[cash(12)],
        at=dt.datetime(2026, 12, 31, 12, tzinfo=dt.UTC),
    )
    january = invoice_issue(
        actor=staff,
        lab=legal_lab,
        charges=[sell(member)],
        payments=[cash(12)],
        at=dt.datetime(2027, 1, 2, 12, tzinfo=dt.UTC),
    )
    assert (december.number, january.number) == ("FL-202612-0001", "FL-202701-0001")


def test_a_lab_not_subject_to_vat_prints_the_exemption(legal_lab, member, staff, sell):
    legal_lab.vat_exempt = True
    legal_lab.save()
    invoice = invoice_issue(actor=staff, lab=legal_lab, charges=[sell(member)], payments=[cash(12)])
    assert invoice.vat_exemption_mention == "TVA non applicable, art. 293 B du CGI"
    assert invoice.total_vat == 0


def test_a_walk_in_customers_cart(legal_lab, staff, sell):
    cart = Cart.objects.create(
        lab=legal_lab,
        customer_name="Ada Lovelace",
        customer_address="1 rue X\n75001 Paris",
        customer_company_id="123456789",
        opened_by=staff,
    )
    charge = sell(None, customer_name="Ada Lovelace")
    charge.cart, charge.status = cart, ChargeStatus.IN_CART
    charge.save()
    invoice = invoice_issue(
        actor=staff,
        lab=legal_lab,
        cart=cart,
        payments=[cash("5"), PaymentIn("card", Decimal("7"), provider_reference="T-1")],
    )
    assert (invoice.buyer_name, invoice.buyer_company_id) == ("Ada Lovelace", "123456789")
    assert invoice.buyer_member is None
    assert sorted(invoice.payments.values_list("method", flat=True)) == ["card", "cash"]
    cart.refresh_from_db()
    assert (cart.status, cart.invoice) == ("checked_out", invoice)
    with pytest.raises(Conflict):
        invoice_issue(actor=staff, lab=legal_lab, cart=cart, payments=[cash(12)])


@pytest.mark.parametrize(
    ("payments", "code"),
    [
        ([cash("12.01")], "payment_too_large"),
        ([cash("11.99")], "payment_too_small"),
        ([], "payment_too_small"),
        ([cash("-1"), cash("13")], "amount_not_positive"),
    ],
)
def test_payments_must_make_the_total(legal_lab, member, staff, sell, payments, code):
    charge = sell(member)
    with pytest.raises(Invalid) as refused:
        invoice_issue(actor=staff, lab=legal_lab, charges=[charge], payments=payments)
    assert refused.value.code == code
    assert not Invoice.objects.exists()
    charge.refresh_from_db()
    assert charge.status == ChargeStatus.PENDING


def test_paid_later_in_parts_then_refused_once_paid(legal_lab, member, staff, sell):
    invoice = invoice_issue(actor=staff, lab=legal_lab, charges=[sell(member)], allow_unpaid=True)
    assert invoice.status == InvoiceStatus.UNPAID
    with pytest.raises(Invalid) as refused:
        payment_record(actor=staff, invoice=invoice, method="cheque", amount=Decimal("13"))
    assert refused.value.code == "payment_too_large"
    payment_record(actor=staff, invoice=invoice, method="cheque", amount=Decimal("5"))
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PARTIALLY_PAID
    assert invoice_balance(invoice).due == Decimal("7.00")
    payment_record(
        actor=staff, invoice=invoice, method="transfer", amount=Decimal("7"), reference="VIR-42"
    )
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    with pytest.raises(Conflict) as refused:
        payment_record(actor=staff, invoice=invoice, method="cash", amount=Decimal("1"))
    assert refused.value.code == "invoice_paid"


def test_paying_from_the_wallet(legal_lab, member, staff, sell):
    wallet_top_up(actor=staff, member=member, amount=Decimal("10"), method="cash")
    charge = sell(member)
    with pytest.raises(Invalid) as refused:
        invoice_issue(
            actor=staff,
            lab=legal_lab,
            charges=[charge],
            payments=[PaymentIn("wallet", Decimal("12"))],
        )
    assert refused.value.code == "wallet_insufficient"
    assert not Invoice.objects.exists() and not Payment.objects.exists()
    assert InvoiceCounter.objects.filter(last_number__gt=0).count() == 0  # no number used
    invoice = invoice_issue(
        actor=staff,
        lab=legal_lab,
        charges=[charge],
        payments=[PaymentIn("wallet", Decimal("10")), cash("2")],
    )
    assert wallet_get(lab=legal_lab, member=member).balance == 0
    spent = WalletMovement.objects.get(kind="spend")
    assert (spent.amount, spent.invoice) == (Decimal("-10.00"), invoice)


def test_nothing_is_issued_into_a_closed_period(legal_lab, member, staff, sell):
    ClosedPeriod.objects.create(
        lab=legal_lab,
        kind="month",
        start=dt.date(2026, 5, 1),
        end=dt.date(2026, 5, 31),
        closed_at=timezone.now(),
    )
    with pytest.raises(Conflict) as refused:
        invoice_issue(
            actor=staff, lab=legal_lab, charges=[sell(member)], payments=[cash(12)], at=AT
        )
    assert refused.value.code == "period_closed"
    assert not Invoice.objects.exists()


def test_only_staff_issue_and_one_customer_per_invoice(
    legal_lab, member, other_member, staff, sell
):
    charge = sell(member)
    with pytest.raises(Forbidden):
        invoice_issue(actor=member, lab=legal_lab, charges=[charge], payments=[cash(12)])
    with pytest.raises(Invalid) as refused:
        invoice_issue(
            actor=staff, lab=legal_lab, charges=[charge, sell(other_member)], payments=[cash(24)]
        )
    assert refused.value.code == "several_customers"
    invoice_issue(actor=staff, lab=legal_lab, charges=[charge], payments=[cash(12)])
    with pytest.raises(Conflict):  # already invoiced
        invoice_issue(actor=staff, lab=legal_lab, charges=[charge], payments=[cash(12)])


def test_a_business_buyer_given_at_the_desk(legal_lab, member, staff, sell):
    buyer = Buyer(name="Atelier SAS", address="3 quai", company_id="FR999", member=member)
    invoice = invoice_issue(
        actor=staff, lab=legal_lab, charges=[sell(member)], buyer=buyer, payments=[cash(12)]
    )
    assert (invoice.buyer_name, invoice.buyer_company_id) == ("Atelier SAS", "FR999")


def refused(call, errors=RecordIsFinal) -> None:
    with pytest.raises(errors), transaction.atomic():
        call()


def test_issued_records_are_never_changed_nor_deleted(legal_lab, member, staff, sell):
    invoice = invoice_issue(actor=staff, lab=legal_lab, charges=[sell(member)], payments=[cash(12)])
    invoice.total_incl_tax = Decimal("1")
    refused(invoice.save)
    refused(lambda: invoice.save(update_fields=["total_incl_tax", "status"]))
    refused(invoice.delete)
    refused(Invoice.objects.filter(pk=invoice.pk).delete, (RecordIsFinal, ProtectedError))
    line = invoice.lines.get()
    line.description = "changed"
    refused(line.save)
    refused(InvoiceLine.objects.all().delete)
    refused(invoice.payments.get().delete)
    refused(Payment.objects.all().delete)
    invoice.refresh_from_db()
    assert invoice.total_incl_tax == Decimal("12.00") and invoice.lines.count() == 1
    invoice.save(update_fields=["status"])  # the payment status may be saved again
