"""Series for the staff: make one from a rule (a course over several sessions, or a
recurring event), then see its dates, change any of them one by one (the event pages), set
a course's seats and publish the drafts."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error

from .models import Event, EventStatus
from .series_forms import CapacityForm, SeriesForm
from .series_services import series_create, series_set_capacity
from .services import event_publish
from .staff_access import staff_series
from .staff_selectors import with_attendance


@staff_required
def series_new(request):
    form = SeriesForm(request.POST or None, lab=request.lab)
    if request.method == "POST" and form.is_valid():
        try:
            series = series_create(actor=request.user, lab=request.lab, **form.service_kwargs())
        except DomainError as exc:
            form_error(form, exc)
        else:
            count = series.events.count()
            messages.success(
                request,
                ngettext(
                    "The series is saved with %(count)d date, as a draft.",
                    "The series is saved with %(count)d dates, as drafts.",
                    count,
                )
                % {"count": count},
            )
            return redirect("events:staff_series", series.pk)
    return render(request, "events/staff/series_form.html", {"form": form})


def _series_page(request, series, *, capacity_form=None):
    events = with_attendance(Event.objects.filter(series=series)).select_related("event_type")
    context = {
        "series": series,
        "events": events.order_by("starts_at", "pk"),
        "capacity_form": capacity_form or CapacityForm(initial={"capacity": series.capacity}),
        "drafts": series.events.filter(status=EventStatus.DRAFT).count(),
        "now": timezone.now(),
    }
    return render(request, "events/staff/series.html", context)


@staff_required
def series_detail(request, series_id: int):
    return _series_page(request, staff_series(request, series_id))


@staff_required
@require_POST
def series_capacity(request, series_id: int):
    series = staff_series(request, series_id)
    if not series.is_course:  # each date of a recurring event has its own seats
        return redirect("events:staff_series", series.pk)
    form = CapacityForm(request.POST)
    if form.is_valid():
        try:
            series_set_capacity(
                actor=request.user, series=series, capacity=form.cleaned_data["capacity"]
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The course's seats are saved."))
            return redirect("events:staff_series", series.pk)
    return _series_page(request, series, capacity_form=form)


@staff_required
@require_POST
def series_publish(request, series_id: int):
    series = staff_series(request, series_id)
    published = 0
    for event in series.events.filter(status=EventStatus.DRAFT).order_by("starts_at"):
        try:
            event_publish(actor=request.user, event=event)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            break
        published += 1
    messages.success(
        request,
        ngettext("%(count)d date published.", "%(count)d dates published.", published)
        % {"count": published},
    )
    return redirect("events:staff_series", series.pk)
