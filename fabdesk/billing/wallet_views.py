"""A member's wallet at the desk (staff): its balance and every movement, a top-up (money
received by cash, card, cheque or transfer) or paying some of it back. The wallet services
refuse a balance below zero."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error
from fabdesk.members.permissions import member_get_for_staff

from .desk_forms import WalletMoveForm
from .desk_selectors import wallet_movements, wallet_of
from .wallet_services import wallet_top_up, wallet_withdraw

MOVEMENTS_SHOWN = 200


def _move(request, member, form: WalletMoveForm) -> bool:
    data = form.cleaned_data
    try:
        if data["direction"] == WalletMoveForm.TOP_UP:
            wallet_top_up(actor=request.user, member=member, amount=data["amount"],
                          method=data["method"], reference=data["reference"])  # fmt: skip
        else:
            wallet_withdraw(actor=request.user, member=member, amount=data["amount"],
                            method=data["method"], reason=data["reference"])  # fmt: skip
    except DomainError as exc:
        form_error(form, exc)
        return False
    return True


@staff_required
def member_wallet(request, member_id: int):
    member = member_get_for_staff(viewer=request.user, member_id=member_id)
    form = WalletMoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _move(request, member, form):
        messages.success(request, _("The wallet is updated."))
        return redirect("billing:member_wallet", member.pk)
    wallet = wallet_of(lab=request.lab, member=member)
    context = {
        "member": member,
        "wallet": wallet,
        "movements": wallet_movements(wallet)[:MOVEMENTS_SHOWN],
        "form": form,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "billing/desk/wallet.html", context, status=status)
