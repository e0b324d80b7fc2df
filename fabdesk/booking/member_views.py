"""A member's own booking pages: "my bookings" (machines and spaces, with check-in, close,
move and cancel as the rules allow) and moving a booking. Moving serves staff too (from the
flagged bookings and the list of all bookings): `booking_move` decides who may move what."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error
from fabdesk.members.permissions import is_staff

from .lifecycle_actions import booking_actions
from .lifecycle_views import booking_for_page
from .models import Booking, BookingKind, BookingStatus
from .next_url import redirect_back, safe_next
from .rule_overview import LabRules
from .selectors import booking_list
from .services import booking_move
from .staff_forms import MoveForm

PAST_SHOWN = 50


@login_required
def my_bookings(request):
    now = timezone.now()
    lab = request.user.lab
    upcoming = list(
        booking_list(lab=lab, member_id=request.user.pk, start_from=now, kind=BookingKind.BOOKING)
    )
    rules = LabRules(lab) if upcoming else None
    for booking in upcoming:
        rule = rules.line(booking.resource).applies
        booking.cancel_deadline = booking.start - dt.timedelta(hours=rule.cancel_hours)
        booking.can_cancel = now <= booking.cancel_deadline
        booking.can_move = booking.can_cancel and booking.status == BookingStatus.CONFIRMED
        booking.actions = booking_actions(booking, staff=False, now=now)
    past = (
        Booking.objects.filter(member=request.user, kind=BookingKind.BOOKING, end__lte=now)
        .select_related("machine", "space")
        .order_by("-start")[:PAST_SHOWN]
    )
    return render(request, "booking/mine.html", {"upcoming": upcoming, "past": past})


def _default_back(request, booking: Booking) -> str:
    if not is_staff(request.user):
        return reverse("booking:mine")
    return reverse("booking:flagged" if booking.flagged_at else "booking:staff_list")


@login_required
def move(request, booking_id: int):
    """Give a booking a new date, start and duration (a member their own until the
    cancellation deadline; staff any of their lab's, with a reason to lift a limit)."""
    booking = booking_for_page(request, booking_id)
    staff = is_staff(request.user)
    rule = LabRules(booking.lab).line(booking.resource).applies
    form = MoveForm(
        request.POST or None, booking=booking, rule=rule, staff=staff, tz=booking.lab.tzinfo
    )
    if request.method == "POST" and form.is_valid():
        start, end = form.times()
        try:
            booking_move(
                actor=request.user, booking=booking, start=start, end=end,
                override_reason=form.cleaned_data.get("override_reason", ""),
            )  # fmt: skip
        except DomainError as exc:
            form_error(form, exc)
        else:
            when = date_format(timezone.localtime(start, booking.lab.tzinfo), "DATETIME_FORMAT")
            messages.success(
                request,
                _("The booking is moved: %(resource)s, now on %(when)s.")
                % {"resource": booking.resource.name, "when": when},
            )
            return redirect_back(request, _default_back(request, booking))
    context = {"booking": booking, "form": form, "next": safe_next(request, ""), "staff": staff}
    return render(request, "booking/move.html", context)
