"""When a member cancels something they were charged for (a booking, a registration...):
what is not invoiced yet is cancelled; what is invoiced is refunded by a credit note
according to the lab's refund rule (full, a percentage, or nothing) when the caller says the
cancellation came before its deadline."""

from decimal import Decimal

from django.db import transaction

from fabdesk.core.money import money_round

from .charge_services import CANCELLABLE, charge_cancel
from .choices import ChargeStatus, RefundMethod, RefundRule
from .credit_notes import credit_note_write, line_remaining
from .invoice_models import Invoice, InvoiceLine
from .selectors import accounting_settings_get, charges_for_source


def refund_amount(*, lab, amount: Decimal) -> Decimal:
    """What the lab's refund rule gives back of `amount`."""
    settings = accounting_settings_get(lab=lab)
    if settings.refund_rule == RefundRule.FULL:
        return money_round(amount)
    if settings.refund_rule == RefundRule.PERCENTAGE:
        return money_round(Decimal(amount) * settings.refund_percentage / 100)
    return Decimal(0)


@transaction.atomic
def source_charges_cancel(
    *,
    actor,
    source,
    reason: str = "",
    refund: bool = True,
    full: bool = False,
    refund_method: str = RefundMethod.WALLET,
) -> list[Invoice]:
    """Cancel the charges of `source`; with `refund` (cancelled before the deadline), credit
    the invoiced ones by the refund rule, or entirely with `full` (the lab cancelled).
    Returns the credit notes issued."""
    credit_notes = []
    for charge in (
        charges_for_source(source).select_for_update(of=("self",)).select_related("invoice")
    ):
        if charge.status in CANCELLABLE:
            charge_cancel(actor=actor, charge=charge, reason=reason)
        elif charge.status == ChargeStatus.INVOICED and refund:
            lines = list(InvoiceLine.objects.filter(invoice=charge.invoice, charge=charge))
            left = sum((line_remaining(line).incl_tax for line in lines), Decimal(0))
            wanted = charge.total_incl_tax
            if not full:
                wanted = refund_amount(lab=charge.lab, amount=wanted)
            amount = min(wanted, left)
            if amount <= 0:
                continue
            if charge.member_id is None and refund_method == RefundMethod.WALLET:
                refund_method = RefundMethod.ORIGINAL
            credit_notes.append(
                credit_note_write(
                    actor=actor,
                    invoice=charge.invoice,
                    amount=amount,
                    on_lines=lines,
                    refund_method=refund_method,
                    reason=reason,
                )
            )
    return credit_notes
