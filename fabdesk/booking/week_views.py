"""The week pages of a machine and of a bookable space: anyone looks; members book a slot (by
clicking or dragging across free slots, or with the typed form); staff book on behalf of a
member, block a period and end a block. Views parse input, call one service and show every
refusal as its message."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error
from fabdesk.equipment.models import MachineStatus
from fabdesk.equipment.permissions import machine_get, space_get
from fabdesk.members.permissions import is_staff

from .block_services import block_create
from .forms import BlockForm, BookingForm
from .services import booking_create
from .week import Week, monday_of, resource_week


def machine_week_view(request, machine_id: int):
    if request.lab is None:
        raise Http404
    return _week_page(request, machine=machine_get(lab=request.lab, machine_id=machine_id))


def space_week_view(request, space_id: int):
    if request.lab is None:
        raise Http404
    space = space_get(lab=request.lab, space_id=space_id)
    if not space.bookable:
        raise Http404(_("This space is not booked: it is free to use."))
    return _week_page(request, space=space)


def _chosen_start(request, week: Week) -> dt.datetime | None:
    """The free slot the member picked (`?start=` ISO datetime), if it is one of the week."""
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


def _durations(week: Week, start: dt.datetime | None) -> list[int]:
    """The lengths offered from a chosen start: steps up to the longest booking, while the
    resource stays free (a posted form accepts them all: the service says what is taken)."""
    rule = week.rule
    longest = rule.max_minutes
    if start is not None:
        longest = min(longest, week.free_run_minutes(start))
    steps = range(rule.slot_minutes, longest + 1, rule.slot_minutes)
    return [m for m in steps if m >= rule.min_minutes] or [rule.min_minutes]


def _asked_duration(request, offered: list[int]) -> int | None:
    """The duration a drag across slots asked for (`?duration=` minutes), if offered."""
    try:
        minutes = int(request.GET.get("duration", ""))
    except ValueError:
        return None
    return minutes if minutes in offered else None


def _book(request, target: dict, form) -> bool:
    """Call the service with the form's data; a refusal becomes the form's error."""
    if not form.is_valid():
        return False
    start, end = form.times()
    if "people" in form.cleaned_data:
        target = {**target, "people": form.cleaned_data["people"]}
    try:
        booking = booking_create(
            actor=request.user,
            member=form.cleaned_data.get("member_email") or request.user,
            start=start,
            end=end,
            override_reason=form.cleaned_data.get("override_reason", ""),
            **target,
        )
    except DomainError as exc:
        form_error(form, exc)
        return False
    local = timezone.localtime(booking.start, request.lab.tzinfo)
    messages.success(
        request,
        _("Booked: %(machine)s on %(when)s.")
        % {"machine": booking.resource.name, "when": local.strftime("%Y-%m-%d %H:%M")},
    )
    return True


def _block(request, target: dict, form) -> bool:
    if not form.is_valid():
        return False
    start, end = form.times()
    try:
        block_create(
            actor=request.user,
            start=start,
            end=end,
            note=form.cleaned_data["note"],
            cancel_conflicting=form.cleaned_data["cancel_conflicting"],
            **target,
        )
    except DomainError as exc:
        form_error(form, exc)
        return False
    messages.success(request, _("The period is blocked."))
    return True


def _week_page(request, *, machine=None, space=None):
    resource = machine or space
    resource.lab = request.lab  # fetched within the request's lab: no query to read it again
    target = {"machine": machine} if machine else {"space": space}
    url_name = "booking:machine_week" if machine else "booking:space_week"
    lab = request.lab
    monday = monday_of(request.GET.get("week") or request.POST.get("week"), lab.tzinfo)
    page_url = f"{reverse(url_name, args=[resource.pk])}?week={monday.isoformat()}"
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(page_url)
    staff = request.user.is_authenticated and is_staff(request.user)
    week = resource_week(machine=machine, space=space, monday=monday)
    chosen = _chosen_start(request, week)
    kwargs = {"lab": lab, "staff": staff, "capacity": week.capacity}
    slot_form = range_form = block_form = None
    if request.user.is_authenticated:
        week.mark_yours(request.user.pk)
        done = False
        if request.method == "POST" and "block-note" in request.POST:
            if not staff:
                raise PermissionDenied
            block_form = BlockForm(request.POST, prefix="block", lab=lab)
            done = _block(request, target, block_form)
        elif request.method == "POST" and "slot-duration" in request.POST:
            durations = _durations(week, None)
            slot_form = BookingForm(request.POST, prefix="slot", durations=durations, **kwargs)
            done = _book(request, target, slot_form)
        elif request.method == "POST":
            range_form = BookingForm(request.POST, prefix="range", **kwargs)
            done = _book(request, target, range_form)
        if done:
            return redirect(page_url)
        if slot_form is None and chosen is not None:
            local = timezone.localtime(chosen, lab.tzinfo)
            durations = _durations(week, chosen)
            initial = {"date": local.date(), "start_time": local.time(),
                       "duration": _asked_duration(request, durations)}  # fmt: skip
            slot_form = BookingForm(prefix="slot", durations=durations, initial=initial, **kwargs)
        if range_form is None:
            range_form = BookingForm(prefix="range", **kwargs)
        if staff and block_form is None:
            block_form = BlockForm(prefix="block", lab=lab)
    unavailable = machine is not None and (
        not machine.bookable or machine.status != MachineStatus.IN_SERVICE
    )
    context = {
        "resource": resource,
        "space": space,
        "about_url": reverse("equipment:machine_detail", args=[machine.pk])
        if machine
        else reverse("equipment:space_detail", args=[space.pk]),
        "unavailable": unavailable,
        "week": week,
        "page_url": page_url,
        "staff": staff,
        "chosen": chosen,
        "slot_form": slot_form,
        "range_form": range_form,
        "block_form": block_form,
        "today": timezone.localdate(timezone.now(), lab.tzinfo),
        "now": timezone.now(),
    }
    return render(request, "booking/week.html", context)
