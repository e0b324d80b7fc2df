"""Billing's API (added to api.py's router): a member reads their own invoices and credit
notes (and their PDFs), charges and wallet; the lab's staff read all of them with filters
and record a payment for an invoice. Nothing changes or deletes an issued invoice: PUT,
PATCH and DELETE do not exist on invoices (405); a credit note corrects one."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Status

from fabdesk.core.errors import Forbidden
from fabdesk.core.money import money_round
from fabdesk.members.models import User
from fabdesk.members.permissions import is_staff
from fabdesk.members.schemas import ErrorOut

from .api_schemas import (
    ChargeFilters,
    ChargePage,
    InvoiceDetailOut,
    InvoiceFilters,
    InvoicePage,
    InvoicePaymentIn,
    WalletFilters,
    WalletOut,
)
from .charge_models import Charge
from .desk_selectors import (
    invoice_for_member,
    invoice_for_staff,
    invoices_filtered,
    lab_charges,
    wallet_movements,
    wallet_of,
)
from .invoice_models import Invoice
from .invoice_pdf import invoice_pdf_get, invoice_pdf_name
from .payment_services import invoice_balance, payment_record
from .selectors import lab_invoices, member_charges, member_invoices

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
PDF = {
    "responses": {
        200: {
            "description": "The invoice's PDF.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}

router = Router()


def _person(user) -> dict | None:
    return {"id": user.pk, "name": user.get_full_name() or user.email} if user else None


def _ref(invoice) -> dict | None:
    return {"id": invoice.pk, "number": invoice.number} if invoice else None


def invoice_payload(invoice: Invoice) -> dict:
    return {
        "id": invoice.pk,
        "number": invoice.number,
        "kind": invoice.kind,
        "status": invoice.status,
        "issue_date": invoice.issue_date,
        "due_date": invoice.due_date,
        "buyer": _person(invoice.buyer_member),
        "buyer_name": invoice.buyer_name,
        "currency": invoice.currency,
        "total_excl_tax": str(invoice.total_excl_tax),
        "total_vat": str(invoice.total_vat),
        "total_incl_tax": str(invoice.total_incl_tax),
        "credited_invoice": _ref(invoice.credited_invoice),
        "pdf_url": reverse("api-1:invoice_pdf", args=[invoice.pk]),
    }


def _line(line) -> dict:
    return {
        "position": line.position,
        "item_type": line.item_type,
        "description": line.description,
        "quantity": str(line.quantity.normalize()),
        "unit": line.unit,
        "unit_price": str(line.unit_price),
        "vat_rate": str(line.vat_rate),
        "amount_excl_tax": str(line.amount_excl_tax),
        "vat_amount": str(line.vat_amount),
        "amount_incl_tax": str(line.amount_incl_tax),
        "credited_line": line.credited_line_id,
    }


def _payment(payment) -> dict:
    return {
        "id": payment.pk,
        "method": payment.method,
        "amount": str(payment.amount),
        "received_at": payment.received_at,
        "reference": payment.reference,
    }


def invoice_detail_payload(invoice: Invoice) -> dict:
    balance = invoice_balance(invoice)
    fields = ["issued_at", "service_date_from", "service_date_until", "buyer_address",
              "buyer_email", "buyer_company_id", "seller", "vat_breakdown", "vat_exempt",
              "vat_exemption_mention", "payment_terms", "late_payment_mention", "reason",
              "refund_method", "fingerprint"]  # fmt: skip
    return {
        **invoice_payload(invoice),
        **{name: getattr(invoice, name) for name in fields},
        "lines": [_line(line) for line in invoice.lines.all()],
        "payments": [_payment(payment) for payment in invoice.payments.all()],
        "credit_notes": [_ref(note) for note in invoice.credit_notes.all()],
        "paid": str(money_round(balance.paid - balance.refunded)),
        "due": str(money_round(0 if invoice.is_credit_note else balance.due)),
    }


def _viewer_invoice(user, invoice_id: int) -> Invoice:
    if is_staff(user):
        return invoice_for_staff(lab=user.lab, invoice_id=invoice_id)
    return invoice_for_member(member=user, invoice_id=invoice_id)


def _member_of_lab(user, member_id: int | None):
    """Staff name a member of their lab (404 otherwise); a member only ever gets their own."""
    if member_id is None or not is_staff(user):
        return None
    return get_object_or_404(User, pk=member_id, lab_id=user.lab_id)


@router.get(
    "/invoices",
    response={200: InvoicePage, **ERRORS},
    summary="List invoices and credit notes",
    description="A member's own; the lab's staff see all of them. Filters: `number` (part "
    "of it), `member` (staff), `date_from`, `date_until` (issue dates, included), `status`, "
    "`kind`. Latest first.",
)
def list_invoices(request, filters: Query[InvoiceFilters]):
    user = request.auth
    found = _member_of_lab(user, filters.member)
    invoices = lab_invoices(lab=user.lab) if is_staff(user) else member_invoices(member=user)
    invoices = invoices_filtered(
        invoices.select_related("buyer_member", "credited_invoice"),
        number=filters.number,
        member_id=found.pk if found else None,
        date_from=filters.date_from,
        date_until=filters.date_until,
        status=filters.status or "",
        kind=filters.kind or "",
    )
    page = invoices[filters.offset : filters.offset + filters.limit]
    return {"count": invoices.count(), "items": [invoice_payload(i) for i in page]}


@router.get(
    "/invoices/{int:invoice_id}",
    response={200: InvoiceDetailOut, **ERRORS},
    summary="One invoice or credit note",
    description="With its lines, VAT per rate, payments, credit notes and what is due. A "
    "member's own only; anyone else's does not exist (404).",
)
def get_invoice(request, invoice_id: int):
    return invoice_detail_payload(_viewer_invoice(request.auth, invoice_id))


@router.get(
    "/invoices/{int:invoice_id}/pdf",
    response={**ERRORS},
    url_name="invoice_pdf",
    summary="An invoice's PDF",
    description="`application/pdf`, the legal document (in the lab's language).",
    openapi_extra=PDF,
)
def get_invoice_pdf(request, invoice_id: int):
    invoice = _viewer_invoice(request.auth, invoice_id)
    response = HttpResponse(invoice_pdf_get(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice_pdf_name(invoice)}"'
    return response


@router.post(
    "/invoices/{int:invoice_id}/payments",
    response={201: InvoiceDetailOut, 400: ErrorOut, 409: ErrorOut, **ERRORS},
    summary="Record a payment (staff)",
    description="Money received for an issued invoice (a transfer, a cheque…). Refused: "
    "409 `invoice_paid` when nothing is due, 422 `payment_too_large` above what is due, "
    "422 `wallet_insufficient`, 409 `period_closed`.",
)
def record_payment(request, invoice_id: int, payment: InvoicePaymentIn):
    user = request.auth
    if not is_staff(user):
        raise Forbidden(code="staff_only")
    invoice = invoice_for_staff(lab=user.lab, invoice_id=invoice_id)
    payment_record(actor=user, invoice=invoice, method=payment.method, amount=payment.amount,
                   reference=payment.reference, received_at=payment.received_at)  # fmt: skip
    return Status(
        201, invoice_detail_payload(invoice_for_staff(lab=user.lab, invoice_id=invoice_id))
    )


def _charge_line(line) -> dict:
    return {
        "kind": line.kind,
        "description": line.description,
        "quantity": str(line.quantity.normalize()),
        "unit": line.unit,
        "unit_price": str(line.unit_price),
        "vat_rate": str(line.vat_rate),
        "amount_incl_tax": str(line.amount_incl_tax),
    }


def charge_payload(charge: Charge) -> dict:
    return {
        "id": charge.pk,
        "description": charge.description,
        "item_type": charge.item_type,
        "quantity": str(charge.quantity.normalize()),
        "unit": charge.unit,
        "performed_on": charge.performed_on,
        "status": charge.status,
        "member": _person(charge.member),
        "customer_name": charge.customer_name,
        "total_excl_tax": str(charge.total_excl_tax),
        "total_vat": str(charge.total_vat),
        "total_incl_tax": str(charge.total_incl_tax),
        "invoice": _ref(charge.invoice),
        "lines": [_charge_line(line) for line in charge.lines.all()],
    }


@router.get(
    "/charges",
    response={200: ChargePage, **ERRORS},
    summary="List charges",
    description="What was priced: a member's own (what they still owe: `status=pending`); "
    "the lab's staff see every charge, or one member's (`member`). Latest first.",
)
def list_charges(request, filters: Query[ChargeFilters]):
    user = request.auth
    found = _member_of_lab(user, filters.member)
    if is_staff(user):
        charges = lab_charges(lab=user.lab)
        if found:
            charges = charges.filter(member=found)
    else:
        charges = member_charges(member=user).select_related("member")
    if filters.status:
        charges = charges.filter(status=filters.status)
    charges = charges.select_related("invoice").order_by("-created_at", "-id")
    page = charges[filters.offset : filters.offset + filters.limit]
    return {"count": charges.count(), "items": [charge_payload(c) for c in page]}


def _movement(movement) -> dict:
    return {
        "id": movement.pk,
        "kind": movement.kind,
        "amount": str(movement.amount),
        "balance_after": str(movement.balance_after),
        "method": movement.method,
        "reason": movement.reason,
        "invoice": _ref(movement.invoice),
        "created_at": movement.created_at,
    }


@router.get(
    "/wallet",
    response={200: WalletOut, **ERRORS},
    summary="A wallet's balance and movements",
    description="Your own wallet; staff read a member's with `member`. Movements latest "
    "first (`limit`).",
)
def get_wallet(request, filters: Query[WalletFilters]):
    user = request.auth
    member = _member_of_lab(user, filters.member) or user
    if member.lab_id is None:
        raise Http404
    wallet = wallet_of(lab=member.lab, member=member)
    movements = wallet_movements(wallet)[: filters.limit]
    return {
        "member": _person(member),
        "currency": member.lab.currency,
        "balance": str(money_round(wallet.balance if wallet else 0)),
        "movements": [_movement(movement) for movement in movements],
    }
