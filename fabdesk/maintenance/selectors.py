"""Reads about maintenance, with their joins done. Due states are computed in Python from one
query (see due.py), so a list costs the same few queries for 10 plans or 10,000."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum

from fabdesk.core.models import Lab
from fabdesk.equipment.models import Machine, MachineStatus

from .due import OVERDUE, SEVERITY, Due, plan_due
from .models import MaintenanceLog, MaintenancePlan


@dataclass(frozen=True)
class DueItem:
    plan: MaintenancePlan
    due: Due


def active_plans(*, lab: Lab) -> QuerySet[MaintenancePlan]:
    """The lab's active plans on machines still in use (retired machines need no upkeep)."""
    return (
        MaintenancePlan.objects.filter(machine__lab=lab, is_active=True)
        .exclude(machine__status=MachineStatus.RETIRED)
        .select_related("machine", "machine__space", "machine__category")
    )


def due_items(
    *,
    lab: Lab,
    now: dt.datetime,
    machine_id: int | None = None,
    space_id: int | None = None,
    include_ok: bool = False,
) -> list[DueItem]:
    """Plans overdue first, then due soon (then, if asked, the others), the most behind
    first within each state."""
    plans = active_plans(lab=lab)
    if machine_id:
        plans = plans.filter(machine_id=machine_id)
    if space_id:
        plans = plans.filter(machine__space_id=space_id)
    items = [DueItem(plan, plan_due(plan, now=now, tz=lab.tzinfo)) for plan in plans]
    if not include_ok:
        items = [item for item in items if item.due.state != "ok"]
    items.sort(key=lambda item: (-SEVERITY[item.due.state], -item.due.progress, item.plan.pk))
    return items


def machine_plans(*, machine: Machine, now: dt.datetime) -> list[DueItem]:
    """Every plan of a machine (active first), with where it stands."""
    plans = MaintenancePlan.objects.filter(machine=machine).order_by("-is_active", "title", "id")
    items = []
    for plan in plans:
        plan.machine = machine
        items.append(DueItem(plan, plan_due(plan, now=now, tz=machine.lab.tzinfo)))
    return items


def other_overdue_plans(*, machine: Machine, now: dt.datetime, exclude_plan_id=None) -> list:
    """The machine's active plans that are overdue, but the one named."""
    plans = MaintenancePlan.objects.filter(machine=machine, is_active=True).exclude(
        pk=exclude_plan_id
    )
    overdue = []
    for plan in plans:
        plan.machine = machine
        if plan_due(plan, now=now, tz=machine.lab.tzinfo).state == OVERDUE:
            overdue.append(plan)
    return overdue


def log_list(
    *, lab: Lab, machine_id: int | None = None, plan_id: int | None = None
) -> QuerySet[MaintenanceLog]:
    logs = MaintenanceLog.objects.filter(machine__lab=lab).select_related(
        "machine", "plan", "done_by"
    )
    if machine_id:
        logs = logs.filter(machine_id=machine_id)
    if plan_id:
        logs = logs.filter(plan_id=plan_id)
    return logs.order_by("-done_at", "-id")


def usage_hours_at(*, machine: Machine, when: dt.datetime) -> Decimal:
    """The machine's hours-of-use counter as it stood at `when`: today's value minus what
    was counted (or corrected) since."""
    since = machine.usage_entries.filter(created_at__gt=when).aggregate(total=Sum("hours"))
    return max(machine.usage_hours - (since["total"] or Decimal("0")), Decimal("0"))
