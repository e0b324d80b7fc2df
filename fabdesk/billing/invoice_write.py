"""Writing one invoice or credit note, shared by invoice_issue and credit_note_issue: under
the lab's lock (numbering.lab_lock), refuse a closed period, take the next number and the
place in the lab's chain, snapshot the seller and the legal mentions, total the lines per
VAT rate, fingerprint the whole, and save the invoice and its lines (its PDF is rendered
after the commit)."""

from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.errors import Conflict

from .fingerprint import fingerprint_of, invoice_content
from .invoice_models import Invoice, InvoiceLine
from .numbering import number_next
from .selectors import period_closed_on
from .settings_models import AccountingSettings

SELLER_FIELDS = [
    "name",
    "legal_name",
    "address_line1",
    "address_line2",
    "postal_code",
    "city",
    "country",
    "email",
    "phone",
    "website",
    "siret",
    "vat_number",
    "rna",
    "ape_code",
    "legal_form",
    "share_capital",
    "rcs",
]
ZERO = Decimal(0)


def seller_snapshot(lab) -> dict:
    return {name: str(getattr(lab, name) or "") for name in SELLER_FIELDS}


def vat_breakdown(lines) -> list[dict]:
    """[{"rate", "base", "vat"}] per VAT rate, rates in increasing order, as strings."""
    bases, vats = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    for line in lines:
        rate = Decimal(line.vat_rate).quantize(Decimal("0.01"))
        bases[rate] += line.amount_excl_tax
        vats[rate] += line.vat_amount
    return [
        {"rate": str(rate), "base": str(bases[rate]), "vat": str(vats[rate])}
        for rate in sorted(bases)
    ]


def refuse_closed_period(*, lab, day) -> None:
    closed = period_closed_on(lab=lab, day=day)
    if closed is not None:
        raise Conflict(
            _("The period %(period)s is closed: nothing can be issued or paid into it.")
            % {"period": closed},
            code="period_closed",
        )


def invoice_write(
    *,
    settings: AccountingSettings,
    kind: str,
    lines: list[InvoiceLine],
    at: datetime | None,
    actor,
    **fields,
) -> Invoice:
    """Save an invoice (or credit note) of `lines` (unsaved, positions set). Call it under
    numbering.lab_lock(lab=) in the issuing transaction."""
    lab = settings.lab
    issued_at = at or timezone.now()
    issue_date = timezone.localtime(issued_at, lab.tzinfo).date()
    refuse_closed_period(lab=lab, day=issue_date)
    last = Invoice.objects.filter(lab=lab).order_by("-chain_index").first()
    invoice = Invoice(
        lab=lab,
        kind=kind,
        number=number_next(settings=settings, kind=kind, day=issue_date),
        chain_index=(last.chain_index + 1) if last else 1,
        previous_fingerprint=last.fingerprint if last else "",
        issued_at=issued_at,
        issue_date=issue_date,
        due_date=issue_date + timedelta(days=settings.payment_due_days),
        seller=seller_snapshot(lab),
        currency=lab.currency,
        total_excl_tax=sum((line.amount_excl_tax for line in lines), ZERO),
        total_vat=sum((line.vat_amount for line in lines), ZERO),
        total_incl_tax=sum((line.amount_incl_tax for line in lines), ZERO),
        vat_breakdown=vat_breakdown(lines),
        vat_exempt=lab.vat_exempt,
        vat_exemption_mention=settings.vat_exemption_mention if lab.vat_exempt else "",
        payment_terms=settings.payment_terms,
        late_payment_mention=settings.late_payment_mention,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    invoice.fingerprint = fingerprint_of(
        invoice_content(invoice, lines), invoice.previous_fingerprint
    )
    invoice.save()
    for line in lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(lines)
    from .invoice_pdf import invoice_pdf_later  # imports payment_services, which imports us

    invoice_pdf_later(invoice)  # the PDF is rendered and stored after the commit
    return invoice
