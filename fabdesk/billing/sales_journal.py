"""The sales journal as CSV, for the accountant: one row per invoice or credit note line
from a day to another (date, number, kind, customer, item type, description, amounts
excluding VAT, VAT rate, VAT, including VAT). Credit notes' amounts are negative here, so
that the columns add up to the period's net sales. `;`-separated, UTF-8 with a BOM, like
the other exports; headers in the reader's language."""

import csv
import datetime as dt
import io

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.translation import gettext as _

from fabdesk.events.export import DELIMITER, cell

from .choices import InvoiceKind
from .invoice_models import Invoice, InvoiceLine


def _headers() -> list[str]:
    return [
        _("Date"), _("Number"), _("Kind"), _("Customer"), _("Item type"), _("Description"),
        _("Excl. VAT"), _("VAT rate"), _("VAT"), _("Incl. VAT"),
    ]  # fmt: skip


def sales_journal_rows(*, lab, start: dt.date, end: dt.date) -> list[list[str]]:
    invoices = (
        Invoice.objects.filter(lab=lab, issue_date__range=(start, end))
        .prefetch_related(Prefetch("lines", queryset=InvoiceLine.objects.order_by("position")))
        .order_by("issue_date", "chain_index")
    )
    rows = []
    for invoice in invoices:
        credit_note = invoice.kind == InvoiceKind.CREDIT_NOTE

        def signed(value, credit_note=credit_note) -> str:
            return str(-value if credit_note and value else value)

        for line in invoice.lines.all():
            rows.append([
                invoice.issue_date.isoformat(), invoice.number, invoice.get_kind_display(),
                cell(invoice.buyer_name), line.get_item_type_display(), cell(line.description),
                signed(line.amount_excl_tax), f"{line.vat_rate:.2f}", signed(line.vat_amount),
                signed(line.amount_incl_tax),
            ])  # fmt: skip
    return rows


def sales_journal_response(*, lab, start: dt.date, end: dt.date) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(_headers())
    writer.writerows(sales_journal_rows(lab=lab, start=start, end=end))
    filename = f"sales-journal-{start:%Y%m%d}-{end:%Y%m%d}.csv"
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
