"""The public opening hours, and the staff pages that change them."""

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error
from fabdesk.core.timeutils import lab_today

from .forms import ClosureForm, OpeningForm, WeekForm
from .models import WEEKDAYS, Closure, ExceptionalOpening
from .permissions import schedule_item_get_for_staff
from .selectors import (
    opening_ranges,
    upcoming_closures,
    upcoming_openings,
    weekly_ranges_by_day,
)
from .services import (
    closure_create,
    closure_delete,
    opening_create,
    opening_delete,
    weekly_schedule_set,
)
from .week import week_days

UPCOMING_SHOWN = 10


def public(request):
    """This week's hours, day by day (closures and exceptional openings included), then the
    next closures and exceptional openings."""
    lab = request.lab
    today = lab_today(lab.tzinfo)
    monday = today - dt.timedelta(days=today.weekday())
    by_day = weekly_ranges_by_day(lab=lab)
    context = {
        "days": week_days(lab=lab, monday=monday, today=today),
        "usual": [
            (capfirst(name), [(r.opens_at, r.closes_at) for r in by_day[weekday]])
            for weekday, name in WEEKDAYS
        ],
        "closures": upcoming_closures(lab=lab, limit=UPCOMING_SHOWN),
        "openings": upcoming_openings(lab=lab, limit=UPCOMING_SHOWN),
        "open_now": bool(_open_now(lab)),
    }
    return render(request, "schedule/public.html", context)


def _open_now(lab):
    now = timezone.now()
    return opening_ranges(lab=lab, start=now, end=now + dt.timedelta(seconds=1))


@staff_required
def edit(request):
    lab = request.lab
    form = WeekForm(request.POST or None, by_day=weekly_ranges_by_day(lab=lab))
    if request.method == "POST" and form.is_valid():
        try:
            weekly_schedule_set(actor=request.user, lab=lab, ranges=form.ranges())
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The weekly opening hours are saved."))
            return redirect("schedule:edit")
    context = {
        "form": form,
        "closure_form": ClosureForm(),
        "opening_form": OpeningForm(),
        "closures": upcoming_closures(lab=lab),
        "openings": upcoming_openings(lab=lab),
    }
    return render(request, "schedule/edit.html", context)


def _create(request, form_class, service, template: str, done: str):
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = service(actor=request.user, lab=request.lab, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, done % {"label": item.label})
            return redirect("schedule:edit")
    return render(request, template, {"form": form})


@staff_required
def closure_new(request):
    return _create(
        request,
        ClosureForm,
        closure_create,
        "schedule/closure_form.html",
        _("“%(label)s” is added."),
    )


@staff_required
def opening_new(request):
    return _create(
        request,
        OpeningForm,
        opening_create,
        "schedule/opening_form.html",
        _("“%(label)s” is added."),
    )


@staff_required
@require_POST
def closure_remove(request, closure_id: int):
    closure = schedule_item_get_for_staff(Closure, viewer=request.user, item_id=closure_id)
    closure_delete(actor=request.user, closure=closure)
    messages.success(request, _("“%(label)s” is deleted.") % {"label": closure.label})
    return redirect("schedule:edit")


@staff_required
@require_POST
def opening_remove(request, opening_id: int):
    opening = schedule_item_get_for_staff(
        ExceptionalOpening, viewer=request.user, item_id=opening_id
    )
    opening_delete(actor=request.user, opening=opening)
    messages.success(request, _("“%(label)s” is deleted.") % {"label": opening.label})
    return redirect("schedule:edit")
