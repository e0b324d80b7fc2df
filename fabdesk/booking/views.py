"""Cancelling a booking from a page (the week pages are in week_views, "my bookings" in
member_views). Views parse input, call one service and show every refusal as its message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.errors import DomainError, NotFound

from .services import booking_cancel, booking_get_for


def _cancelled_message(booking, user) -> str:
    if booking.is_block:
        return _("The block is ended: the period can be booked again.")
    if booking.member_id == user.pk:
        return _("Your booking is cancelled.")
    return _("The booking is cancelled.")


@login_required
@require_POST
def booking_cancel_view(request, booking_id: int):
    try:
        booking = booking_get_for(viewer=request.user, booking_id=booking_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    try:
        # Staff untick "refund" to keep what the member owes (hidden 0, then the box's 1).
        refund = request.POST.get("refund", "1") != "0"
        booking_cancel(actor=request.user, booking=booking, refund=refund)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _cancelled_message(booking, request.user))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("booking:mine")
    return redirect(target)
