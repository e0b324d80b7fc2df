"""Credit notes: full, by quantities, by an amount; never above what remains; refunds to
the wallet or by the original methods; a cancelled booking refunded by the lab's rule."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from fabdesk.billing.cancellations import refund_amount, source_charges_cancel
from fabdesk.billing.charge_services import charge_create
from fabdesk.billing.choices import ChargeStatus, InvoiceStatus
from fabdesk.billing.credit_notes import credit_note_issue
from fabdesk.billing.invoice_services import invoice_issue
from fabdesk.billing.models import Invoice, WalletMovement
from fabdesk.billing.payment_services import PaymentIn, invoice_balance
from fabdesk.billing.selectors import accounting_settings_get
from fabdesk.billing.wallet_services import wallet_get
from fabdesk.core.errors import Forbidden, Invalid

from .factories import MachinePriceFactory


def paid_invoice(lab, staff, charges, *payments):
    payments = payments or (PaymentIn("card", sum(c.total_incl_tax for c in charges)),)
    return invoice_issue(actor=staff, lab=lab, charges=charges, payments=payments)


def test_a_full_credit_note_refunded_to_the_wallet(legal_lab, member, staff, sell):
    invoice = paid_invoice(legal_lab, staff, [sell(member, price="12"), sell(member, price="3")])
    credit = credit_note_issue(actor=staff, invoice=invoice, reason="Machine en panne")
    assert credit.kind == "credit_note" and credit.credited_invoice == invoice
    assert credit.number == f"AV{credit.issue_date.year}-000001"
    assert credit.total_incl_tax == invoice.total_incl_tax
    assert credit.previous_fingerprint == invoice.fingerprint
    assert [line.credited_line_id for line in credit.lines.all()] == [
        line.pk for line in invoice.lines.all()
    ]
    assert wallet_get(lab=legal_lab, member=member).balance == Decimal("15.00")
    assert WalletMovement.objects.get(kind="refund").invoice == credit
    assert credit.payments.get().method == "wallet"
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert invoice_balance(invoice).net == 0
    with pytest.raises(Invalid) as refused:
        credit_note_issue(actor=staff, invoice=invoice)
    assert refused.value.code == "nothing_to_credit"


def test_partial_by_quantity_then_the_rest_exactly(legal_lab, member, staff, sell):
    invoice = paid_invoice(legal_lab, staff, [sell(member, price="3.33", quantity=3)])
    line = invoice.lines.get()
    first = credit_note_issue(
        actor=staff, invoice=invoice, lines={line: 1}, refund_method="original"
    )
    assert first.total_incl_tax == Decimal("3.33")
    assert first.payments.get().method == "card"
    with pytest.raises(Invalid) as refused:
        credit_note_issue(actor=staff, invoice=invoice, lines={line.pk: 3})
    assert refused.value.code == "credit_above_remaining"
    rest = credit_note_issue(actor=staff, invoice=invoice, lines={line.pk: 2})
    assert first.total_incl_tax + rest.total_incl_tax == invoice.total_incl_tax == Decimal("9.99")
    assert first.total_excl_tax + rest.total_excl_tax == invoice.total_excl_tax


def test_partial_by_amount_spread_over_the_lines(legal_lab, member, staff, sell):
    invoice = paid_invoice(legal_lab, staff, [sell(member, price="10"), sell(member, price="30")])
    credit = credit_note_issue(actor=staff, invoice=invoice, amount=Decimal("10"))
    assert [line.amount_incl_tax for line in credit.lines.all()] == [
        Decimal("2.50"),
        Decimal("7.50"),
    ]
    assert credit.total_excl_tax + credit.total_vat == Decimal("10.00")
    with pytest.raises(Invalid) as refused:
        credit_note_issue(actor=staff, invoice=invoice, amount=Decimal("30.01"))
    assert refused.value.code == "credit_above_remaining"
    with pytest.raises(Invalid):
        credit_note_issue(actor=staff, invoice=invoice, amount=Decimal("-1"))
    last = credit_note_issue(actor=staff, invoice=invoice, amount=Decimal("30"))
    assert invoice_balance(invoice).net == 0
    assert last.total_vat + credit.total_vat == invoice.total_vat


def test_refund_by_the_original_methods_latest_first(legal_lab, member, staff, sell):
    invoice = paid_invoice(
        legal_lab,
        staff,
        [sell(member, price="20")],
        PaymentIn("cash", Decimal("5")),
        PaymentIn("cheque", Decimal("15")),
    )
    credit = credit_note_issue(
        actor=staff, invoice=invoice, amount=Decimal("18"), refund_method="original"
    )
    refunds = {p.method: p.amount for p in credit.payments.all()}
    assert sum(refunds.values()) == Decimal("18.00")
    assert refunds["cheque"] == Decimal("15.00")


def test_crediting_an_unpaid_invoice_refunds_nothing(legal_lab, member, staff, sell):
    invoice = invoice_issue(actor=staff, lab=legal_lab, charges=[sell(member)], allow_unpaid=True)
    credit = credit_note_issue(actor=staff, invoice=invoice)
    assert not credit.payments.exists()
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID  # nothing left to pay
    assert invoice_balance(invoice).due == 0


def test_only_staff_and_only_invoices(legal_lab, member, staff, sell):
    invoice = paid_invoice(legal_lab, staff, [sell(member)])
    with pytest.raises(Forbidden):
        credit_note_issue(actor=member, invoice=invoice)
    credit = credit_note_issue(actor=staff, invoice=invoice, amount=Decimal(1))
    with pytest.raises(Invalid):
        credit_note_issue(actor=staff, invoice=credit)


@pytest.mark.parametrize(
    ("rule", "percentage", "full", "refunded"),
    [
        ("full", 100, False, "12.00"),
        ("percentage", 50, False, "6.00"),
        ("none", 0, False, None),
        ("none", 0, True, "12.00"),  # the lab cancelled: everything back
    ],
)
def test_a_cancelled_booking_refunded_by_the_labs_rule(
    legal_lab, member, staff, machine, rule, percentage, full, refunded
):
    from fabdesk.booking.models import Booking

    settings = accounting_settings_get(lab=legal_lab)
    settings.refund_rule, settings.refund_percentage = rule, Decimal(percentage)
    settings.save()
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("12"))
    start = timezone.now() + dt.timedelta(days=2)
    booking = Booking.objects.create(
        lab=legal_lab,
        machine=machine,
        member=member,
        start=start,
        end=start + dt.timedelta(hours=1),
        blocked_until=start + dt.timedelta(hours=1),
    )
    charge = charge_create(
        actor=member,
        lab=legal_lab,
        member=member,
        item_type="machine_time",
        source=booking,
        target=machine,
        start=booking.start,
        end=booking.end,
    )
    paid_invoice(legal_lab, staff, [charge])
    credits = source_charges_cancel(actor=member, source=booking, reason="Empêchement", full=full)
    if refunded is None:
        assert credits == []
        assert refund_amount(lab=legal_lab, amount=Decimal(12)) == 0
    else:
        assert [c.total_incl_tax for c in credits] == [Decimal(refunded)]
        assert wallet_get(lab=legal_lab, member=member).balance == Decimal(refunded)


def test_a_cancelled_booking_not_invoiced_yet_is_simply_cancelled(legal_lab, member, machine):
    from fabdesk.booking.models import Booking

    MachinePriceFactory(machine=machine, hourly_rate=Decimal("12"))
    start = timezone.now() + dt.timedelta(days=2)
    booking = Booking.objects.create(
        lab=legal_lab,
        machine=machine,
        member=member,
        start=start,
        end=start + dt.timedelta(hours=1),
        blocked_until=start + dt.timedelta(hours=1),
    )
    charge = charge_create(
        actor=member,
        lab=legal_lab,
        member=member,
        item_type="machine_time",
        source=booking,
        target=machine,
        minutes=60,
    )
    assert source_charges_cancel(actor=member, source=booking) == []
    charge.refresh_from_db()
    assert charge.status == ChargeStatus.CANCELLED
    assert not Invoice.objects.exists()
