"""The PDF of an invoice or a credit note, rendered with WeasyPrint from what the invoice
stored when it was issued (the seller's and buyer's snapshots, its lines and totals, the
legal mentions), in the lab's language: the legal document reads the same for everyone.
Rendered after the issuing transaction commits (a task) and stored in Invoice.pdf, the one
file an issued invoice may still receive; rendered again on demand when it is missing."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from .invoice_models import Invoice
from .payment_services import invoice_balance


def invoice_pdf_name(invoice: Invoice) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in invoice.number)
    return f"{invoice.lab.slug}-{safe}.pdf"


def _rates(invoice: Invoice) -> list[dict]:
    return [
        {"rate": Decimal(row["rate"]), "base": Decimal(row["base"]), "vat": Decimal(row["vat"])}
        for row in invoice.vat_breakdown
    ]


def _seller_ids(seller: dict) -> list[tuple[str, str]]:
    """The seller's legal ids that are set, with their French legal labels translated."""
    labels = [
        ("legal_form", _("Legal form")),
        ("share_capital", _("Share capital")),
        ("siret", _("SIRET")),
        ("rcs", _("RCS")),
        ("rna", _("RNA")),
        ("ape_code", _("APE code")),
        ("vat_number", _("VAT number")),
    ]
    return [(label, seller[key]) for key, label in labels if seller.get(key)]


def invoice_html(invoice: Invoice) -> str:
    """The HTML the PDF is rendered from, in the lab's language."""
    balance = invoice_balance(invoice)
    seller = invoice.seller or {}
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "invoice": invoice,
            "seller": seller,
            "seller_ids": _seller_ids(seller),
            "lines": invoice.lines.all().select_related("credited_line__invoice"),
            "rates": _rates(invoice),
            "balance": balance,
            "payments": invoice.payments.order_by("received_at", "id"),
            "credit_notes": invoice.credit_notes.order_by("chain_index"),
            "lang": settings.LANGUAGE_CODE,
        }
        return render_to_string("billing/pdf/invoice.html", context)


def invoice_pdf_bytes(invoice: Invoice) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is rendered

    return HTML(string=invoice_html(invoice)).write_pdf()


def invoice_pdf_store(invoice: Invoice, *, force: bool = False) -> Invoice:
    """Render and store the invoice's PDF (unless it has one and not `force`)."""
    if invoice.pdf and not force:
        return invoice
    invoice.pdf.save(invoice_pdf_name(invoice), ContentFile(invoice_pdf_bytes(invoice)), save=False)
    invoice.save(update_fields=["pdf"])
    return invoice


def invoice_pdf_get(invoice: Invoice) -> bytes:
    """The stored PDF, rendered and stored first when it is missing (or unreadable)."""
    if invoice.pdf:
        try:
            with invoice.pdf.open("rb") as stored:
                return stored.read()
        except (FileNotFoundError, OSError):
            pass
    invoice_pdf_store(invoice, force=True)
    with invoice.pdf.open("rb") as stored:
        return stored.read()


@task()
def invoice_pdf_task(invoice_id: int) -> str:
    """Render an issued invoice's PDF; returns the stored file's name."""
    invoice = Invoice.objects.select_related("lab").get(pk=invoice_id)
    return invoice_pdf_store(invoice).pdf.name


_ON_DEMAND: ContextVar[bool] = ContextVar("invoice_pdfs_on_demand", default=False)


@contextmanager
def invoice_pdfs_on_demand() -> Iterator[None]:
    """Invoices issued inside are not rendered after their commit, only when first
    downloaded (or archived): for bulk issues such as the demo's year of sales."""
    token = _ON_DEMAND.set(True)
    try:
        yield
    finally:
        _ON_DEMAND.reset(token)


def invoice_pdf_later(invoice: Invoice) -> None:
    """Render the PDF once the issuing transaction has committed."""
    if _ON_DEMAND.get():
        return
    invoice_id = invoice.pk
    transaction.on_commit(lambda: invoice_pdf_task.enqueue(invoice_id))
