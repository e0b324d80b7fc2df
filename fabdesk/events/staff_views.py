"""The staff's agenda: the list of the lab's events with fill rates, attendance and its
figures; creating, changing, publishing, cancelling and duplicating an event. Views parse
input, call one service, render."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error

from .services import event_cancel, event_create, event_duplicate, event_publish, event_update
from .staff_access import staff_event
from .staff_forms import CancelEventForm, DuplicateForm, EventFilterForm, EventForm
from .staff_selectors import staff_events
from .stats import attendance_stats

PAGE_SIZE = 50


@staff_required
def event_list(request):
    form = EventFilterForm(request.GET or None, lab=request.lab)
    events = staff_events(lab=request.lab, **form.filters())
    first_day, last_day = form.period()
    context = {
        "form": form,
        "page": Paginator(events, PAGE_SIZE).get_page(request.GET.get("page")),
        "stats": attendance_stats(lab=request.lab, first_day=first_day, last_day=last_day),
        "now": timezone.now(),
    }
    return render(request, "events/staff/list.html", context)


def _save_event(request, form, event=None):
    try:
        if event is None:
            return event_create(
                actor=request.user,
                lab=request.lab,
                **form.people(),
                **form.service_data(changed_only=False),
            )
        return event_update(
            actor=request.user, event=event, **form.people(), **form.service_data(changed_only=True)
        )
    except DomainError as exc:
        form_error(form, exc)
        return None


@staff_required
def event_new(request):
    form = EventForm(request.POST or None, request.FILES or None, lab=request.lab)
    if request.method == "POST" and form.is_valid():
        event = _save_event(request, form)
        if event is not None:
            messages.success(
                request,
                _("The event is saved as a draft. Check its tickets, then publish it."),
            )
            return redirect("events:staff_tickets", event.pk)
    return render(request, "events/staff/form.html", {"form": form})


@staff_required
def event_edit(request, event_id: int):
    event = staff_event(request, event_id)
    form = EventForm(request.POST or None, request.FILES or None, instance=event, lab=request.lab)
    if request.method == "POST" and form.is_valid() and _save_event(request, form, event):
        messages.success(request, _("The event is saved."))
        return redirect("events:staff_event", event.pk)
    return render(request, "events/staff/form.html", {"form": form, "event": event})


@staff_required
@require_POST
def event_publish_view(request, event_id: int):
    event = staff_event(request, event_id)
    try:
        event_publish(actor=request.user, event=event)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The event is published."))
    return redirect("events:staff_event", event.pk)


@staff_required
def event_cancel_view(request, event_id: int):
    event = staff_event(request, event_id)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            told = event_cancel(actor=request.user, event=event, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "The event is cancelled; %(count)d registration was told.",
                    "The event is cancelled; %(count)d registrations were told.",
                    told,
                )
                % {"count": told},
            )
            return redirect("events:staff_event", event.pk)
    return render(request, "events/staff/cancel.html", {"form": form, "event": event})


@staff_required
def event_duplicate_view(request, event_id: int):
    event = staff_event(request, event_id)
    form = DuplicateForm(request.POST or None, event=event, initial={"shift_days": 7})
    if request.method == "POST" and form.is_valid():
        try:
            copy = event_duplicate(actor=request.user, event=event, starts_at=form.new_start())
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The copy is saved as a draft: check it, then publish it."))
            return redirect("events:staff_edit", copy.pk)
    return render(request, "events/staff/duplicate.html", {"form": form, "event": event})
