"""The staff's invoices: the list with its filters and CSV, one invoice with its payments
and credit notes, its PDF, and recording a payment received later. An issued invoice has no
edit and no delete: it is corrected by a credit note (credit_note_views)."""

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error

from .choices import InvoiceKind
from .desk_forms import InvoiceFilterForm, RecordPaymentForm
from .desk_selectors import invoice_for_staff, invoices_filtered
from .invoice_csv import invoices_csv_response
from .invoice_models import Invoice
from .invoice_pdf import invoice_pdf_get, invoice_pdf_name
from .payment_services import invoice_balance, payment_record
from .selectors import lab_invoices

PAGE_SIZE = 50


def _filtered(request):
    form = InvoiceFilterForm(request.GET or None)
    return form, invoices_filtered(lab_invoices(lab=request.lab), **form.filters())


@staff_required
def invoice_list(request):
    form, invoices = _filtered(request)
    page = Paginator(invoices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "billing/desk/invoices.html", {"form": form, "page": page})


@staff_required
def invoice_csv(request):
    _form, invoices = _filtered(request)
    day = timezone.localdate().isoformat()
    return invoices_csv_response(invoices, filename=f"invoices-{request.lab.slug}-{day}.csv")


@staff_required
def invoice_detail(request, invoice_id: int):
    invoice = invoice_for_staff(lab=request.lab, invoice_id=invoice_id)
    context = {"invoice": invoice, "balance": invoice_balance(invoice)}
    return render(request, "billing/desk/invoice.html", context)


def pdf_response(invoice: Invoice) -> HttpResponse:
    response = HttpResponse(invoice_pdf_get(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice_pdf_name(invoice)}"'
    return response


@staff_required
def invoice_pdf(request, invoice_id: int):
    return pdf_response(invoice_for_staff(lab=request.lab, invoice_id=invoice_id))


def _received_at(day: dt.date | None):
    """Noon of the day received, in the lab's zone (now when it is today or not given)."""
    if day is None or day == timezone.localdate():
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@staff_required
def payment_new(request, invoice_id: int):
    invoice = invoice_for_staff(lab=request.lab, invoice_id=invoice_id)
    balance = invoice_balance(invoice)
    form = RecordPaymentForm(request.POST or None, initial={"amount": balance.due})
    if invoice.kind == InvoiceKind.INVOICE and not invoice.buyer_member_id:
        form.fields["method"].choices = [
            c for c in form.fields["method"].choices if c[0] != "wallet"
        ]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment_record(
                actor=request.user,
                invoice=invoice,
                method=data["method"],
                amount=data["amount"],
                reference=data["reference"],
                received_at=_received_at(data["received_on"]),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect("billing:invoice_detail", invoice.pk)
    context = {"invoice": invoice, "balance": balance, "form": form}
    status = 422 if request.method == "POST" else 200
    return render(request, "billing/desk/payment_form.html", context, status=status)
