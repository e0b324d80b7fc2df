"""Reads of the desk, the staff's invoice pages, the member's pages and the API, with their
joins done; fetch-and-check helpers that answer 404 for what another lab or another member
owns (it does not exist for them)."""

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from .charge_models import Cart, Charge
from .choices import CartStatus, ChargeStatus
from .invoice_models import Invoice, InvoiceLine, Payment
from .selectors import lab_invoices, member_invoices
from .wallet_models import Wallet, WalletMovement


def cart_for_staff(*, lab, cart_id: int) -> Cart:
    cart = Cart.objects.select_related("member", "invoice").filter(lab=lab, pk=cart_id).first()
    if cart is None:
        raise Http404
    return cart


def open_carts(*, lab) -> QuerySet[Cart]:
    return Cart.objects.filter(lab=lab, status=CartStatus.OPEN).select_related("member")


def cart_charges(cart: Cart) -> QuerySet[Charge]:
    return cart.charges.filter(status=ChargeStatus.IN_CART).prefetch_related("lines")


def charges_to_add(cart: Cart) -> QuerySet[Charge]:
    """The member's charges waiting to be paid, not in a cart yet."""
    if not cart.member_id:
        return Charge.objects.none()
    return Charge.objects.filter(
        lab_id=cart.lab_id, member_id=cart.member_id, status=ChargeStatus.PENDING
    ).order_by("performed_on", "id")


def _with_details(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    return invoices.select_related("lab", "buyer_member", "credited_invoice").prefetch_related(
        Prefetch("lines", queryset=InvoiceLine.objects.select_related("credited_line__invoice")),
        Prefetch("payments", queryset=Payment.objects.order_by("received_at", "id")),
        Prefetch("credit_notes", queryset=Invoice.objects.order_by("chain_index")),
    )


def invoice_for_staff(*, lab, invoice_id: int) -> Invoice:
    invoice = _with_details(lab_invoices(lab=lab)).filter(pk=invoice_id).first()
    if invoice is None:
        raise Http404
    return invoice


def invoice_for_member(*, member, invoice_id: int) -> Invoice:
    invoice = _with_details(member_invoices(member=member)).filter(pk=invoice_id).first()
    if invoice is None:
        raise Http404
    return invoice


def invoices_filtered(
    invoices: QuerySet[Invoice],
    *,
    number: str = "",
    buyer: str = "",
    member_id: int | None = None,
    date_from: date | None = None,
    date_until: date | None = None,
    status: str = "",
    kind: str = "",
) -> QuerySet[Invoice]:
    """The staff's filters: part of the number, words of the buyer's name or email, a
    member, issue dates (both included), payment status, invoice or credit note."""
    if number:
        invoices = invoices.filter(number__icontains=number.strip())
    for word in buyer.split():
        invoices = invoices.filter(
            Q(buyer_name__icontains=word)
            | Q(buyer_email__icontains=word)
            | Q(buyer_member__email__icontains=word)
        )
    if member_id:
        invoices = invoices.filter(buyer_member_id=member_id)
    if date_from:
        invoices = invoices.filter(issue_date__gte=date_from)
    if date_until:
        invoices = invoices.filter(issue_date__lte=date_until)
    if status:
        invoices = invoices.filter(status=status)
    if kind:
        invoices = invoices.filter(kind=kind)
    return invoices.order_by("-issue_date", "-chain_index")


def wallet_of(*, lab, member) -> Wallet | None:
    return Wallet.objects.filter(lab=lab, member=member).first()


def wallet_movements(wallet: Wallet | None) -> QuerySet[WalletMovement]:
    if wallet is None:
        return WalletMovement.objects.none()
    return wallet.movements.select_related("invoice").order_by("-created_at", "-id")


def lab_charges(*, lab) -> QuerySet[Charge]:
    return Charge.objects.filter(lab=lab).select_related("member").prefetch_related("lines")
