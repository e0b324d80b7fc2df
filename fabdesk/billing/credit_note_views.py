"""Issuing a credit note for an invoice (staff): everything that remains, some quantities
of its lines, or an amount; refunded to the member's wallet or by the original methods.
billing's credit_note_issue refuses anything above what remains."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error

from .choices import InvoiceKind
from .credit_notes import credit_note_issue, line_remaining
from .desk_forms import CreditNoteForm
from .desk_selectors import invoice_for_staff
from .payment_services import invoice_balance


@staff_required
def credit_note_new(request, invoice_id: int):
    invoice = invoice_for_staff(lab=request.lab, invoice_id=invoice_id)
    if invoice.kind != InvoiceKind.INVOICE:
        messages.error(request, _("Only an invoice can be credited."))
        return redirect("billing:invoice_detail", invoice.pk)
    rests = [rest for rest in map(line_remaining, invoice.lines.all()) if rest.incl_tax > 0]
    form = CreditNoteForm(
        request.POST or None, rests=rests, has_wallet=invoice.buyer_member_id is not None
    )
    if request.method == "POST" and form.is_valid():
        try:
            credit = credit_note_issue(actor=request.user, invoice=invoice, **form.service_kwargs())
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, _("Credit note %(number)s is issued.") % {"number": credit.number}
            )
            return redirect("billing:invoice_detail", credit.pk)
    context = {"invoice": invoice, "balance": invoice_balance(invoice), "form": form}
    status = 422 if request.method == "POST" else 200
    return render(request, "billing/desk/credit_note_form.html", context, status=status)
