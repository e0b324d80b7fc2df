"""A member's money at the lab (`/billing/mine/`): what they still owe (and for what), their
invoices and credit notes with the PDFs, their wallet with every movement, their current
plan with the hours left, and their prepaid packs. Only their own: anyone else's invoice
does not exist for them (404)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .allowances import member_allowances
from .desk_selectors import invoice_for_member, wallet_movements, wallet_of
from .invoice_views import pdf_response
from .selectors import member_invoices, member_unpaid_charges

MOVEMENTS_SHOWN = 100


@login_required
def my_billing(request):
    member = request.user
    wallet = wallet_of(lab=request.lab, member=member) if request.lab else None
    today = timezone.localdate()
    context = {
        "charges": member_unpaid_charges(member=member).order_by("performed_on", "id"),
        "invoices": member_invoices(member=member).order_by("-issue_date", "-chain_index"),
        "wallet": wallet,
        "movements": wallet_movements(wallet)[:MOVEMENTS_SHOWN],
        "allowances": member_allowances(member=member, day=today),
    }
    return render(request, "billing/member/mine.html", context)


@login_required
def my_invoice_pdf(request, invoice_id: int):
    return pdf_response(invoice_for_member(member=request.user, invoice_id=invoice_id))
