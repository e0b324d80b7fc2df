"""Staff pages of preventive maintenance: what is due, a machine's plans, logging a
maintenance, the history."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error
from fabdesk.equipment.permissions import machine_get_for_staff

from .forms import DueFilterForm, HistoryFilterForm, LogForm, PlanCreateForm, PlanForm
from .permissions import plan_get_for_staff
from .selectors import due_items, log_list, machine_plans
from .services import (
    PLAN_FIELDS,
    back_in_service_offered,
    maintenance_log,
    plan_create,
    plan_deactivate,
    plan_reactivate,
    plan_update,
)

PAGE_SIZE = 50
PLAN_LOGS_SHOWN = 5


@staff_required
def due_list(request):
    """Overdue plans first, then those due soon. The states are computed from the data as
    the page loads; the hourly check only sends the alerts (see docs/user/maintenance.md)."""
    form = DueFilterForm(request.GET or None, lab=request.lab)
    items = due_items(lab=request.lab, now=timezone.now(), **form.filters())
    return render(request, "maintenance/due_list.html", {"form": form, "items": items})


@staff_required
def machine_detail(request, machine_id: int):
    machine = machine_get_for_staff(viewer=request.user, machine_id=machine_id)
    context = {
        "machine": machine,
        "items": machine_plans(machine=machine, now=timezone.now()),
        "logs": log_list(lab=request.lab, machine_id=machine.pk)[:10],
    }
    return render(request, "maintenance/machine_plans.html", context)


@staff_required
def plan_new(request, machine_id: int):
    machine = machine_get_for_staff(viewer=request.user, machine_id=machine_id)
    form = PlanCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name]
            for name in [*PLAN_FIELDS, "last_done_at", "last_done_hours"]
        }
        try:
            plan = plan_create(actor=request.user, machine=machine, **data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The plan “%(title)s” is saved.") % {"title": plan.title})
            return redirect("maintenance:machine", machine.pk)
    return render(request, "maintenance/plan_form.html", {"form": form, "machine": machine})


@staff_required
def plan_edit(request, plan_id: int):
    plan = plan_get_for_staff(viewer=request.user, plan_id=plan_id)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PLAN_FIELDS}
        plan.refresh_from_db()  # the form wrote to it; the service applies the changes
        try:
            plan_update(actor=request.user, plan=plan, data=data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The plan “%(title)s” is saved.") % {"title": plan.title})
            return redirect("maintenance:machine", plan.machine_id)
    context = {"form": form, "machine": plan.machine, "plan": plan}
    return render(request, "maintenance/plan_form.html", context)


@staff_required
@require_POST
def plan_active(request, plan_id: int, active: bool):
    plan = plan_get_for_staff(viewer=request.user, plan_id=plan_id)
    if active:
        plan_reactivate(actor=request.user, plan=plan)
        messages.success(request, _("The plan “%(title)s” is followed again.") % {"title": plan})
    else:
        plan_deactivate(actor=request.user, plan=plan)
        messages.success(
            request, _("The plan “%(title)s” is no longer followed.") % {"title": plan}
        )
    return redirect("maintenance:machine", plan.machine_id)


def _log_page(request, machine, plan=None):
    offered = back_in_service_offered(machine=machine, plan=plan)
    form = LogForm(request.POST or None, offer_back_in_service=offered)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            maintenance_log(
                actor=request.user,
                machine=machine,
                plan=plan,
                notes=data["notes"],
                minutes=data["minutes"],
                done_at=data["done_at"],
                back_in_service=data.get("back_in_service", False),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The maintenance is logged."))
            if data.get("back_in_service"):
                messages.success(request, _("The machine is back in service."))
            return redirect("maintenance:machine", machine.pk)
    context = {
        "form": form,
        "machine": machine,
        "plan": plan,
        "recent": log_list(lab=request.lab, plan_id=plan.pk)[:PLAN_LOGS_SHOWN] if plan else [],
    }
    return render(request, "maintenance/log_form.html", context)


@staff_required
def plan_log(request, plan_id: int):
    plan = plan_get_for_staff(viewer=request.user, plan_id=plan_id)
    return _log_page(request, plan.machine, plan)


@staff_required
def machine_log(request, machine_id: int):
    machine = machine_get_for_staff(viewer=request.user, machine_id=machine_id)
    return _log_page(request, machine)


@staff_required
def history(request):
    form = HistoryFilterForm(request.GET or None, lab=request.lab)
    logs = log_list(lab=request.lab, machine_id=form.filters()["machine_id"])
    page = Paginator(logs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "maintenance/history.html", {"form": form, "page": page})
