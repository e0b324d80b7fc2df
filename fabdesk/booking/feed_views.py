"""Calendar feeds: a machine's public busy times, and a member's private feed behind a secret
address (calendar apps cannot log in), with the page where members manage that address."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from fabdesk.equipment.permissions import machine_get

from .feed_services import feed_member_for, feed_token_active, feed_token_create, feed_token_revoke
from .ical import (
    MEMBER_AHEAD,
    MEMBER_PAST,
    PUBLIC_AHEAD,
    PUBLIC_PAST,
    feed_window,
    machine_busy_feed,
    member_feed,
)
from .selectors import booking_list


@require_GET
def machine_busy_ics(request, machine_id: int):
    """Anyone: when the machine is booked, without who booked it."""
    machine = machine_get(lab=request.lab, machine_id=machine_id)
    start, end = feed_window(PUBLIC_PAST, PUBLIC_AHEAD)
    bookings = booking_list(lab=request.lab, machine_id=machine.pk, start_from=start, start_to=end)
    with translation.override(settings.LANGUAGE_CODE):
        return machine_busy_feed(machine=machine, bookings=bookings.select_related("lab"))


@require_GET
def member_feed_ics(request, secret: str):
    """The member's own bookings, for calendar apps: the secret address is the key. An
    unknown or revoked secret is a 404, like any other missing page."""
    member = feed_member_for(plaintext=secret)
    if member is None:
        raise Http404
    start, end = feed_window(MEMBER_PAST, MEMBER_AHEAD)
    bookings = booking_list(
        lab=member.lab, member_id=member.pk, start_from=start, start_to=end,
        include_cancelled=True,
    ).select_related("lab", "machine__space")  # fmt: skip
    with translation.override(member.language or settings.LANGUAGE_CODE):
        return member_feed(member=member, bookings=bookings)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def feed_settings(request):
    """The member's feed address: make one (shown once), make a new one, or stop it."""
    feed_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if feed_token_revoke(user=request.user):
                messages.success(request, _("Your calendar address no longer works."))
            return redirect("booking:feed_settings")
        secret = feed_token_create(user=request.user)
        feed_url = request.build_absolute_uri(reverse("booking:member_feed", args=[secret]))
    context = {"token": feed_token_active(user=request.user), "feed_url": feed_url}
    return render(request, "booking/ical/feed_settings.html", context)
