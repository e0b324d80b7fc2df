"""Issuing an invoice at the desk: the charges of one customer (or a cart), the payments
taken, in one transaction under the lab's lock (numbering without gaps, the fingerprint
chain). Nothing is half-written: any refusal leaves the database as it was."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.errors import Conflict, Forbidden, Invalid
from fabdesk.core.money import money_round
from fabdesk.core.services import audit_record
from fabdesk.members.permissions import is_staff

from .charge_models import Cart, Charge
from .choices import CartStatus, ChargeStatus, InvoiceKind
from .invoice_models import Invoice, InvoiceLine
from .invoice_write import invoice_write
from .numbering import lab_lock
from .payment_services import PaymentIn, invoice_status_refresh, payment_write

INVOICEABLE = [ChargeStatus.PENDING, ChargeStatus.IN_CART]


@dataclass(frozen=True)
class Buyer:
    name: str
    address: str = ""
    email: str = ""
    company_id: str = ""
    member: object = None

    @classmethod
    def of_member(cls, member) -> "Buyer":
        name = member.get_full_name() or member.email
        if member.organisation:
            name = f"{name} ({member.organisation})"
        return cls(name=name, address=member.postal_address, email=member.email, member=member)


def _buyer_of(*, cart: Cart | None, charges: list[Charge], buyer: Buyer | None) -> Buyer:
    if buyer is not None:
        return buyer
    source = cart if cart is not None else charges[0]
    if source.member_id:
        return Buyer.of_member(source.member)
    return Buyer(
        name=source.customer_name,
        address=source.customer_address,
        email=source.customer_email,
        company_id=getattr(source, "customer_company_id", ""),
    )


def _charges_to_invoice(*, lab, cart: Cart | None, charges) -> list[Charge]:
    if (cart is None) == (charges is None):
        raise Invalid(_("Issue an invoice for a cart or for charges."), code="nothing_to_invoice")
    if cart is not None:
        cart = Cart.objects.select_for_update(of=("self",)).get(pk=cart.pk)
        if cart.status != CartStatus.OPEN:
            raise Conflict(_("This cart is already checked out."), code="cart_closed")
        found = Charge.objects.filter(cart=cart)
    else:
        found = Charge.objects.filter(pk__in=[charge.pk for charge in charges])
    found = list(
        found.select_for_update(of=("self",))
        .select_related("member")
        .prefetch_related("lines")
        .order_by("performed_on", "id")
    )
    if not found:
        raise Invalid(_("There is nothing to invoice."), code="nothing_to_invoice")
    allowed = INVOICEABLE if cart is not None else [ChargeStatus.PENDING]
    for charge in found:
        if charge.lab_id != lab.pk:
            raise Forbidden(_("A charge belongs to another lab."), code="other_lab")
        if charge.status not in allowed:
            raise Conflict(
                _("%(charge)s is not waiting to be paid.") % {"charge": charge.description},
                code="charge_not_pending",
            )
    customers = {(c.member_id, c.customer_name if not c.member_id else "") for c in found}
    if cart is None and len(customers) > 1:
        raise Invalid(_("One invoice is for one customer."), code="several_customers")
    return found


def _lines_of(charges: list[Charge]) -> list[InvoiceLine]:
    lines = []
    for charge in charges:
        for charge_line in charge.lines.all():
            lines.append(
                InvoiceLine(
                    position=len(lines) + 1,
                    charge=charge,
                    item_type=charge.item_type,
                    description=charge_line.description,
                    quantity=charge_line.quantity,
                    unit=charge_line.unit,
                    unit_price=charge_line.unit_price,
                    vat_rate=charge_line.vat_rate,
                    amount_excl_tax=charge_line.amount_excl_tax,
                    vat_amount=charge_line.vat_amount,
                    amount_incl_tax=charge_line.amount_incl_tax,
                )
            )
    return lines


def _check_payments(payments: Sequence[PaymentIn], total: Decimal, allow_unpaid: bool) -> None:
    for payment in payments:
        if money_round(payment.amount) <= 0:
            raise Invalid(_("A payment must be positive."), code="amount_not_positive")
    paid = sum((money_round(p.amount) for p in payments), Decimal(0))
    if paid > total:
        raise Invalid(
            _("The payments (%(paid)s) are more than the total (%(total)s).")
            % {"paid": paid, "total": total},
            code="payment_too_large",
        )
    if paid < total and not allow_unpaid:
        raise Invalid(
            _("The payments (%(paid)s) do not cover the total (%(total)s).")
            % {"paid": paid, "total": total},
            code="payment_too_small",
        )


@transaction.atomic
def invoice_issue(
    *,
    actor,
    lab,
    charges: Sequence[Charge] | None = None,
    cart: Cart | None = None,
    payments: Sequence[PaymentIn] = (),
    buyer: Buyer | None = None,
    allow_unpaid: bool = False,
    at: datetime | None = None,
) -> Invoice:
    """Issue the invoice of a cart or of one customer's pending charges, and record the
    payments taken: they must add up to the total, unless `allow_unpaid` (paid later: then
    at most the total)."""
    if not is_staff(actor):
        raise Forbidden()
    settings = lab_lock(lab=lab)
    found = _charges_to_invoice(lab=lab, cart=cart, charges=charges)
    buyer = _buyer_of(cart=cart, charges=found, buyer=buyer)
    if not buyer.name.strip():
        raise Invalid(_("Give the buyer's name."), code="buyer_missing", field="buyer_name")
    lines = _lines_of(found)
    total = sum((line.amount_incl_tax for line in lines), Decimal(0))
    _check_payments(payments, total, allow_unpaid)
    invoice = invoice_write(
        settings=settings,
        kind=InvoiceKind.INVOICE,
        lines=lines,
        at=at,
        actor=actor,
        service_date_from=found[0].performed_on,
        service_date_until=max(charge.performed_on for charge in found),
        buyer_member=buyer.member,
        buyer_name=buyer.name.strip()[:200],
        buyer_address=buyer.address.strip(),
        buyer_email=buyer.email.strip(),
        buyer_company_id=buyer.company_id.strip()[:40],
    )
    Charge.objects.filter(pk__in=[c.pk for c in found]).update(
        status=ChargeStatus.INVOICED, invoice=invoice
    )
    if cart is not None:
        Cart.objects.filter(pk=cart.pk).update(
            status=CartStatus.CHECKED_OUT, invoice=invoice, closed_at=timezone.now()
        )
    for payment in payments:
        payment_write(actor=actor, invoice=invoice, payment=payment, member=buyer.member)
    invoice_status_refresh(invoice)
    audit_record(
        actor=actor,
        target=invoice,
        action="billing.invoice_issued",
        changes={"total": str(invoice.total_incl_tax)},
    )
    return invoice
