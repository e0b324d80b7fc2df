"""Booking pages: the week calendar of a machine (anyone looks; members book), "my bookings"
with cancellation. Views parse input, call one service (booking_create / booking_cancel),
and show every refusal as its message."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.errors import DomainError, NotFound
from fabdesk.core.forms import form_error
from fabdesk.equipment.permissions import machine_get
from fabdesk.members.permissions import is_staff

from .forms import BookingForm
from .models import Booking
from .rules import rule_for
from .selectors import booking_list
from .services import booking_cancel, booking_create, booking_get_for
from .week import machine_week, monday_of

PAST_SHOWN = 50


def _chosen_start(request, week) -> dt.datetime | None:
    """The free slot the member clicked (`?start=` ISO datetime), if it is one of the week."""
    try:
        chosen = dt.datetime.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        return None
    if timezone.is_naive(chosen):
        return None
    for day in week.days:
        for slot in day.slots:
            if slot.start == chosen and slot.free:
                return slot.start
    return None


def _durations(week, start: dt.datetime | None) -> list[int]:
    """The lengths offered from a chosen start: steps up to the longest booking, while the
    machine stays free (a posted form accepts them all: the service says what is taken)."""
    rule = week.rule
    longest = rule.max_minutes
    if start is not None:
        longest = min(longest, week.free_run_minutes(start))
    steps = range(rule.slot_minutes, longest + 1, rule.slot_minutes)
    return [m for m in steps if m >= rule.min_minutes] or [rule.min_minutes]


def _book(request, machine, form) -> Booking | None:
    """Call the service with the form's data; a refusal becomes the form's error."""
    if not form.is_valid():
        return None
    start, end = form.times()
    try:
        return booking_create(
            actor=request.user,
            machine=machine,
            member=form.cleaned_data.get("member_email") or request.user,
            start=start,
            end=end,
            override_reason=form.cleaned_data.get("override_reason", ""),
        )
    except DomainError as exc:
        form_error(form, exc)
        return None


def machine_week_view(request, machine_id: int):
    if request.lab is None:
        raise Http404
    machine = machine_get(lab=request.lab, machine_id=machine_id)
    monday = monday_of(request.GET.get("week") or request.POST.get("week"), request.lab.tzinfo)
    page_url = f"{reverse('booking:machine_week', args=[machine.pk])}?week={monday.isoformat()}"
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(page_url)
    staff = request.user.is_authenticated and is_staff(request.user)
    week = machine_week(machine=machine, monday=monday)
    chosen = _chosen_start(request, week)
    kwargs = {"lab": request.lab, "staff": staff}
    slot_form = range_form = None
    if request.user.is_authenticated:
        if request.method == "POST" and "slot-duration" in request.POST:
            slot_form = BookingForm(
                request.POST, prefix="slot", durations=_durations(week, None), **kwargs
            )
            booking = _book(request, machine, slot_form)
        elif request.method == "POST":
            range_form = BookingForm(request.POST, prefix="range", **kwargs)
            booking = _book(request, machine, range_form)
        else:
            booking = None
        if booking is not None:
            local = timezone.localtime(booking.start, request.lab.tzinfo)
            messages.success(
                request,
                _("Booked: %(machine)s on %(when)s.")
                % {"machine": machine.name, "when": local.strftime("%Y-%m-%d %H:%M")},
            )
            return redirect(page_url)
        if slot_form is None and chosen is not None:
            local = timezone.localtime(chosen, request.lab.tzinfo)
            slot_form = BookingForm(
                prefix="slot", durations=_durations(week, chosen),
                initial={"date": local.date(), "start_time": local.time()}, **kwargs,
            )  # fmt: skip
        if range_form is None:
            range_form = BookingForm(prefix="range", **kwargs)
    context = {
        "machine": machine,
        "week": week,
        "page_url": page_url,
        "staff": staff,
        "chosen": chosen,
        "slot_form": slot_form,
        "range_form": range_form,
        "today": timezone.localdate(timezone.now(), request.lab.tzinfo),
        "now": timezone.now(),
    }
    return render(request, "booking/week.html", context)


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
        messages.success(request, _("Your booking is cancelled.") if booking.member_id ==
                         request.user.pk else _("The booking is cancelled."))  # fmt: skip
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("booking:mine")
    return redirect(target)
