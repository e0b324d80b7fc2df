"""Payments: money received for an invoice (cash, card terminal, cheque, transfer, wallet,
or an online provider later: `provider` + `provider_reference`), never more than what is
due, never into a closed period; and what an invoice still owes."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.errors import Conflict, Invalid
from fabdesk.core.money import money_round
from fabdesk.core.services import audit_record

from .choices import InvoiceKind, InvoiceStatus, PaymentMethod
from .invoice_models import Invoice, Payment
from .invoice_write import refuse_closed_period
from .wallet_services import wallet_spend

ZERO = Decimal(0)


@dataclass(frozen=True)
class PaymentIn:
    """A payment taken at the desk, before it is recorded."""

    method: str
    amount: Decimal
    reference: str = ""
    provider: str = ""
    provider_reference: str = ""
    received_at: datetime | None = None


@dataclass(frozen=True)
class Balance:
    total: Decimal  # the invoice's total including VAT
    credited: Decimal  # its credit notes' totals
    paid: Decimal  # received for it
    refunded: Decimal  # paid back through its credit notes

    @property
    def net(self) -> Decimal:
        return self.total - self.credited

    @property
    def due(self) -> Decimal:
        return max(self.net - (self.paid - self.refunded), ZERO)

    @property
    def overpaid(self) -> Decimal:
        """What was paid beyond the net total (to refund after a credit note)."""
        return max((self.paid - self.refunded) - self.net, ZERO)


def _sum(queryset, field: str) -> Decimal:
    return queryset.aggregate(total=Sum(field))["total"] or ZERO


def invoice_balance(invoice: Invoice) -> Balance:
    credit_notes = Invoice.objects.filter(credited_invoice=invoice)
    return Balance(
        total=invoice.total_incl_tax,
        credited=_sum(credit_notes, "total_incl_tax"),
        paid=_sum(Payment.objects.filter(invoice=invoice), "amount"),
        refunded=_sum(Payment.objects.filter(invoice__credited_invoice=invoice), "amount"),
    )


def invoice_status_refresh(invoice: Invoice) -> Invoice:
    """Save the invoice's payment status from its payments and credit notes."""
    if invoice.kind == InvoiceKind.CREDIT_NOTE:
        status = InvoiceStatus.PAID
    else:
        balance = invoice_balance(invoice)
        if balance.due == 0:
            status = InvoiceStatus.PAID
        elif balance.paid - balance.refunded > 0:
            status = InvoiceStatus.PARTIALLY_PAID
        else:
            status = InvoiceStatus.UNPAID
    if status != invoice.status:
        invoice.status = status
        invoice.save(update_fields=["status"])
    return invoice


def payment_write(*, actor, invoice: Invoice, payment: PaymentIn, member=None) -> Payment:
    """Record one payment (validated by the caller); a wallet payment spends the wallet."""
    if payment.method not in PaymentMethod.values:
        raise Invalid(_("Choose how it was paid."), code="method_invalid", field="method")
    amount = money_round(payment.amount)
    if amount <= 0:
        raise Invalid(_("A payment must be positive."), code="amount_not_positive")
    received_at = payment.received_at or timezone.now()
    refuse_closed_period(
        lab=invoice.lab, day=timezone.localtime(received_at, invoice.lab.tzinfo).date()
    )
    recorded = Payment.objects.create(
        lab=invoice.lab,
        invoice=invoice,
        method=payment.method,
        amount=amount,
        received_at=received_at,
        reference=payment.reference[:120],
        provider=payment.provider[:40],
        provider_reference=payment.provider_reference[:120],
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if payment.method == PaymentMethod.WALLET and invoice.kind == InvoiceKind.INVOICE:
        if member is None:
            raise Invalid(_("Only a member can pay from a wallet."), code="no_wallet")
        wallet_spend(
            actor=actor, member=member, amount=amount, reason=invoice.number, payment=recorded
        )
    return recorded


@transaction.atomic
def payment_record(
    *,
    actor,
    invoice: Invoice,
    method: str,
    amount: Decimal,
    reference: str = "",
    provider: str = "",
    provider_reference: str = "",
    received_at: datetime | None = None,
) -> Payment:
    """A payment for an issued invoice: refused on an invoice already paid, above what is
    due, or into a closed period. A partial payment leaves it partially paid."""
    invoice = (
        Invoice.objects.select_for_update(of=("self",)).select_related("lab").get(pk=invoice.pk)
    )
    if invoice.kind != InvoiceKind.INVOICE:
        raise Invalid(_("A credit note is refunded when it is issued."), code="credit_note")
    due = invoice_balance(invoice).due
    if due <= 0:
        raise Conflict(_("This invoice is already paid."), code="invoice_paid")
    if money_round(amount) > due:
        raise Invalid(
            _("%(amount)s is more than the %(due)s due.") % {"amount": amount, "due": due},
            code="payment_too_large",
            field="amount",
        )
    payment = payment_write(
        actor=actor,
        invoice=invoice,
        payment=PaymentIn(
            method, Decimal(amount), reference, provider, provider_reference, received_at
        ),
        member=invoice.buyer_member,
    )
    invoice_status_refresh(invoice)
    audit_record(
        actor=actor,
        target=invoice,
        action="billing.payment_recorded",
        changes={"amount": str(payment.amount), "method": method},
    )
    return payment
