"""Check in and close a booking from a page (the today board for staff, "my bookings" for the
member). The same URLs serve both: the lifecycle services decide who may do what and when,
and a refusal comes back as a message on the page the person came from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.errors import DomainError, NotFound
from fabdesk.members.permissions import is_staff

from .lifecycle import booking_check_in, booking_close
from .models import Booking
from .next_url import redirect_back
from .services import booking_get_for


def booking_for_page(request, booking_id: int) -> Booking:
    """A booking the person may act on (their own; staff: any of their lab), else 404."""
    try:
        return booking_get_for(viewer=request.user, booking_id=booking_id)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def _home(request) -> str:
    return reverse("core:today") if is_staff(request.user) else reverse("booking:mine")


def _described(booking: Booking) -> dict:
    local = timezone.localtime(booking.start, booking.lab.tzinfo)
    return {
        "resource": booking.resource.name,
        "start": local.strftime("%H:%M"),
        "member": booking.member.get_full_name() or booking.member.email,
    }


def _act(request, booking_id: int, service, *, own: str, other: str):
    booking = booking_for_page(request, booking_id)
    try:
        service(actor=request.user, booking=booking)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        message = own if booking.member_id == request.user.pk else other
        messages.success(request, message % _described(booking))
    return redirect_back(request, _home(request))


@login_required
@require_POST
def check_in(request, booking_id: int):
    return _act(
        request, booking_id, booking_check_in,
        own=_("You are checked in: %(resource)s at %(start)s. Close the booking when you are "
              "done."),
        other=_("%(member)s is checked in: %(resource)s at %(start)s."),
    )  # fmt: skip


@login_required
@require_POST
def close(request, booking_id: int):
    return _act(
        request, booking_id, booking_close,
        own=_("Your booking is closed: %(resource)s at %(start)s. Thank you!"),
        other=_("The booking of %(member)s is closed: %(resource)s at %(start)s."),
    )  # fmt: skip
