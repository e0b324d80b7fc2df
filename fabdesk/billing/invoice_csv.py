"""The staff's invoice list as CSV (the same filters as the page): `;`-separated, UTF-8
with a BOM so that Excel opens it right, headers in the reader's language, amounts with a
dot (credit notes' amounts are positive: the kind says the direction, as on the page)."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from fabdesk.events.export import DELIMITER, cell

from .invoice_models import Invoice


def _headers() -> list[str]:
    return [
        _("Number"), _("Kind"), _("Issue date"), _("Buyer"), _("Email"), _("Credited invoice"),
        _("Total excl. VAT"), _("VAT"), _("Total incl. VAT"), _("Currency"), _("Payment"),
        _("Due date"),
    ]  # fmt: skip


def _row(invoice: Invoice) -> list[str]:
    credited = invoice.credited_invoice.number if invoice.credited_invoice_id else ""
    return [
        invoice.number,
        invoice.get_kind_display(),
        invoice.issue_date.isoformat(),
        cell(invoice.buyer_name),
        cell(invoice.buyer_email),
        credited,
        str(invoice.total_excl_tax),
        str(invoice.total_vat),
        str(invoice.total_incl_tax),
        invoice.currency,
        invoice.get_status_display(),
        invoice.due_date.isoformat(),
    ]


def invoices_csv_response(invoices, *, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER)
    writer.writerow(_headers())
    for invoice in invoices.iterator(chunk_size=500):
        writer.writerow(_row(invoice))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
