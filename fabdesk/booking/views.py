"""Booking pages: "my bookings" with cancellation (the week pages are in week_views). Views
parse input, call one service and show every refusal as its message."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.errors import DomainError, NotFound

from .models import Booking
from .rules import rule_for
from .selectors import booking_list
from .services import booking_cancel, booking_get_for

PAST_SHOWN = 50


@login_required
def my_bookings(request):
    now = timezone.now()
    upcoming = list(booking_list(lab=request.user.lab, member_id=request.user.pk, start_from=now))
    rules: dict[int, object] = {}
    for booking in upcoming:
        if booking.machine_id not in rules:
            rules[booking.machine_id] = rule_for(booking.machine)
        booking.cancel_deadline = booking.start - dt.timedelta(
            hours=rules[booking.machine_id].cancel_hours
        )
        booking.can_cancel = now <= booking.cancel_deadline
    past = (
        Booking.objects.filter(member=request.user, end__lte=now)
        .select_related("machine")
        .order_by("-start")[:PAST_SHOWN]
    )
    return render(request, "booking/mine.html", {"upcoming": upcoming, "past": past})


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
        booking_cancel(actor=request.user, booking=booking)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _cancelled_message(booking, request.user))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("booking:mine")
    return redirect(target)
