"""Credit notes (avoirs): the only correction of an issued invoice. Full, by quantities of
some lines, or by an amount spread over the lines in proportion to what remains of them;
never above what remains to credit. What the customer had paid beyond the new net total is
refunded to their wallet or by the methods they paid with, recorded as payments of the
credit note, in the same transaction."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, Decimal

from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import Sum
from django.utils import translation
from django.utils.translation import gettext as _

from fabdesk.core.errors import Forbidden, Invalid
from fabdesk.core.money import CENT, money_round
from fabdesk.core.services import audit_record
from fabdesk.members.permissions import is_staff

from .choices import InvoiceKind, PaymentMethod, RefundMethod, Unit
from .invoice_models import Invoice, InvoiceLine, Payment
from .invoice_write import invoice_write
from .numbering import lab_lock
from .payment_services import PaymentIn, invoice_balance, invoice_status_refresh, payment_write
from .wallet_services import wallet_credit

ZERO = Decimal(0)


@dataclass(frozen=True)
class Remaining:
    """What is left to credit of an invoice line."""

    line: InvoiceLine
    quantity: Decimal
    excl_tax: Decimal
    vat: Decimal
    incl_tax: Decimal


def line_remaining(line: InvoiceLine) -> Remaining:
    credits = InvoiceLine.objects.filter(credited_line=line)
    sums = credits.aggregate(
        excl=Sum("amount_excl_tax"), vat=Sum("vat_amount"), incl=Sum("amount_incl_tax")
    )
    by_quantity = credits.filter(unit=line.unit, unit_price=line.unit_price)
    quantity = by_quantity.aggregate(q=Sum("quantity"))["q"] or ZERO
    return Remaining(
        line=line,
        quantity=line.quantity - quantity,
        excl_tax=line.amount_excl_tax - (sums["excl"] or ZERO),
        vat=line.vat_amount - (sums["vat"] or ZERO),
        incl_tax=line.amount_incl_tax - (sums["incl"] or ZERO),
    )


def _credit_line(rest: Remaining, *, description, quantity, unit, unit_price, excl, vat):
    return InvoiceLine(
        credited_line=rest.line,
        item_type=rest.line.item_type,
        description=description[:300],
        quantity=quantity,
        unit=unit,
        unit_price=unit_price,
        vat_rate=rest.line.vat_rate,
        amount_excl_tax=excl,
        vat_amount=vat,
        amount_incl_tax=excl + vat,
    )


def _whole_rest(rest: Remaining) -> InvoiceLine:
    untouched = rest.incl_tax == rest.line.amount_incl_tax and rest.quantity == rest.line.quantity
    return _credit_line(
        rest,
        description=rest.line.description,
        quantity=rest.line.quantity if untouched else Decimal(1),
        unit=rest.line.unit if untouched else Unit.UNIT,
        unit_price=rest.line.unit_price if untouched else rest.excl_tax,
        excl=rest.excl_tax,
        vat=rest.vat,
    )


def _above_remaining() -> Invalid:
    return Invalid(_("This is more than what remains to credit."), code="credit_above_remaining")


def _by_quantities(rests: dict[int, Remaining], wanted: Mapping) -> list[InvoiceLine]:
    lines = []
    for line, quantity in wanted.items():
        rest = rests.get(getattr(line, "pk", line))
        quantity = Decimal(quantity)
        if rest is None:
            raise Invalid(_("This line is not on the invoice."), code="line_unknown")
        if quantity <= 0:
            raise Invalid(_("The quantity must be positive."), code="quantity_not_positive")
        if quantity > rest.quantity:
            raise _above_remaining()
        if quantity == rest.quantity:  # the last of the line: exactly what remains
            lines.append(_whole_rest(rest))
            continue
        share = quantity / rest.line.quantity
        incl = money_round(rest.line.amount_incl_tax * share)
        excl = money_round(rest.line.amount_excl_tax * share)
        if incl > rest.incl_tax:
            raise _above_remaining()
        lines.append(
            _credit_line(
                rest,
                description=rest.line.description,
                quantity=quantity,
                unit=rest.line.unit,
                unit_price=rest.line.unit_price,
                excl=min(excl, incl),
                vat=incl - min(excl, incl),
            )
        )
    return lines


def _by_amount(rests: list[Remaining], amount: Decimal) -> list[InvoiceLine]:
    """`amount` (VAT included) spread over the lines in proportion to what remains."""
    amount = money_round(amount)
    rests = [rest for rest in rests if rest.incl_tax > 0]
    left = sum((rest.incl_tax for rest in rests), ZERO)
    if amount <= 0:
        raise Invalid(_("The amount must be positive."), code="amount_not_positive")
    if amount > left:
        raise _above_remaining()
    shares = [(amount * rest.incl_tax / left).quantize(CENT, ROUND_DOWN) for rest in rests]
    short = amount - sum(shares, ZERO)
    for n, rest in enumerate(rests):  # the cents lost rounding down go where there is room
        extra = min(short, rest.incl_tax - shares[n])
        shares[n] += extra
        short -= extra
    lines = []
    for rest, share in zip(rests, shares, strict=True):
        if share <= 0:
            continue
        if share == rest.incl_tax:
            lines.append(_whole_rest(rest))
            continue
        excl = money_round(share * rest.excl_tax / rest.incl_tax)
        description = _("Partial credit: %(line)s") % {"line": rest.line.description}
        lines.append(
            _credit_line(
                rest,
                description=description,
                quantity=Decimal(1),
                unit=Unit.UNIT,
                unit_price=excl,
                excl=excl,
                vat=share - excl,
            )
        )
    return lines


def _refund_methods(invoice: Invoice, refund: Decimal) -> list[tuple[str, Decimal]]:
    """The original methods, the latest payment first, up to what each brought in net."""
    net = defaultdict(lambda: ZERO)
    for method, total in Payment.objects.filter(invoice=invoice).values_list("method", "amount"):
        net[method] += total
    refunds = Payment.objects.filter(invoice__credited_invoice=invoice)
    for method, total in refunds.values_list("method", "amount"):
        net[method] -= total
    order = Payment.objects.filter(invoice=invoice).order_by("-received_at", "-id")
    plan = []
    for method in dict.fromkeys(order.values_list("method", flat=True)):
        take = min(refund, net[method])
        if take > 0:
            plan.append((method, take))
            refund -= take
    return plan


def _refund(*, actor, invoice: Invoice, credit: Invoice, refund_method: str) -> None:
    refund = invoice_balance(invoice).overpaid
    if refund <= 0:
        return
    member = invoice.buyer_member
    if refund_method == RefundMethod.WALLET:
        if member is None:
            raise Invalid(_("Only a member has a wallet."), code="no_wallet")
        plan = [(PaymentMethod.WALLET, refund)]
    else:
        plan = _refund_methods(invoice, refund)
    for method, amount in plan:
        payment = payment_write(actor=actor, invoice=credit, payment=PaymentIn(method, amount))
        if method == PaymentMethod.WALLET:
            wallet_credit(
                actor=actor,
                member=member,
                amount=amount,
                reason=credit.number,
                invoice=credit,
                payment=payment,
            )


def credit_note_write(
    *,
    actor,
    invoice: Invoice,
    lines: Mapping | None = None,
    amount: Decimal | None = None,
    on_lines: Sequence[InvoiceLine] | None = None,
    refund_method: str = RefundMethod.WALLET,
    reason: str = "",
    at: datetime | None = None,
) -> Invoice:
    """credit_note_issue without the staff check, for billing's own services (a member
    cancelling a paid booking in time). Call it in a transaction."""
    settings = lab_lock(lab=invoice.lab)
    invoice = Invoice.objects.select_related("lab").get(pk=invoice.pk)
    if invoice.kind != InvoiceKind.INVOICE:
        raise Invalid(_("Only an invoice can be credited."), code="not_an_invoice")
    if refund_method not in RefundMethod.values:
        raise Invalid(_("Choose how to refund."), code="refund_method_invalid")
    if lines and amount is not None:
        raise Invalid(_("Credit quantities or an amount, not both."), code="credit_ambiguous")
    rests = {line.pk: line_remaining(line) for line in invoice.lines.all()}
    if on_lines is not None:
        rests = {line.pk: rests[line.pk] for line in on_lines if line.pk in rests}
    with translation.override(django_settings.LANGUAGE_CODE):
        if lines:
            credit_lines = _by_quantities(rests, lines)
        elif amount is not None:
            credit_lines = _by_amount(list(rests.values()), Decimal(amount))
        else:
            credit_lines = [_whole_rest(rest) for rest in rests.values() if rest.incl_tax > 0]
    if not credit_lines:
        raise Invalid(_("Nothing remains to credit on this invoice."), code="nothing_to_credit")
    for position, line in enumerate(credit_lines, start=1):
        line.position = position
    credit = invoice_write(
        settings=settings,
        kind=InvoiceKind.CREDIT_NOTE,
        lines=credit_lines,
        at=at,
        actor=actor,
        credited_invoice=invoice,
        refund_method=refund_method,
        reason=reason[:300],
        service_date_from=invoice.service_date_from,
        service_date_until=invoice.service_date_until,
        buyer_member=invoice.buyer_member,
        buyer_name=invoice.buyer_name,
        buyer_address=invoice.buyer_address,
        buyer_email=invoice.buyer_email,
        buyer_company_id=invoice.buyer_company_id,
    )
    _refund(actor=actor, invoice=invoice, credit=credit, refund_method=refund_method)
    invoice_status_refresh(credit)
    invoice_status_refresh(invoice)
    audit_record(
        actor=actor,
        target=credit,
        action="billing.credit_note_issued",
        changes={"invoice": invoice.number, "total": str(credit.total_incl_tax)},
        reason=reason,
    )
    return credit


@transaction.atomic
def credit_note_issue(
    *,
    actor,
    invoice: Invoice,
    lines: Mapping | None = None,
    amount: Decimal | None = None,
    refund_method: str = RefundMethod.WALLET,
    reason: str = "",
    at: datetime | None = None,
) -> Invoice:
    """Credit `invoice` (staff): fully, by `lines` ({InvoiceLine or its id: quantity}), or by
    an `amount` including VAT; what was paid beyond the new net total is refunded to the
    wallet or by the original methods."""
    if not is_staff(actor):
        raise Forbidden()
    return credit_note_write(
        actor=actor,
        invoice=invoice,
        lines=lines,
        amount=amount,
        refund_method=refund_method,
        reason=reason,
        at=at,
    )
