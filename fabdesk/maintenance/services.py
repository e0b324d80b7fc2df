"""Rules of preventive maintenance: plans (staff), logging a maintenance (which resets the
plan's counters and may put the machine back in service), and the hourly check that tells
staff about overdue plans and, when a plan says so, puts its machine in maintenance."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fabdesk.core.errors import Conflict, Forbidden, Invalid
from fabdesk.core.models import Lab
from fabdesk.core.services import audit_record, model_diff, model_snapshot
from fabdesk.equipment.models import Machine, MachineStatus
from fabdesk.equipment.services import machine_set_status
from fabdesk.members.roles import Role
from fabdesk.members.selectors import member_list
from fabdesk.notifications.services import notify

from .due import OVERDUE, plan_due
from .models import MaintenanceAlert, MaintenanceLog, MaintenancePlan
from .permissions import can_manage_maintenance
from .selectors import active_plans, other_overdue_plans, usage_hours_at

PLAN_FIELDS = ["title", "instructions", "every_hours", "every_days", "put_in_maintenance"]


def _require_staff(actor, machine: Machine) -> None:
    if not can_manage_maintenance(actor, machine):
        raise Forbidden(
            _("Only the lab's staff can manage the maintenance of its machines."),
            code="staff_only",
        )


def _check_plan(plan: MaintenancePlan) -> None:
    plan.title = plan.title.strip()
    if not plan.title:
        raise Invalid(_("Give the plan a title."), code="title_required", field="title")
    if not plan.every_hours and not plan.every_days:
        raise Invalid(
            _("Say how often: every so many hours of use, every so many days, or both."),
            code="interval_required",
            field="every_hours",
        )
    plan.every_hours = plan.every_hours or None
    plan.every_days = plan.every_days or None


@transaction.atomic
def plan_create(
    *,
    actor,
    machine: Machine,
    title: str,
    instructions: str = "",
    every_hours: int | None = None,
    every_days: int | None = None,
    put_in_maintenance: bool = False,
    last_done_at: dt.datetime | None = None,
    last_done_hours: Decimal | None = None,
) -> MaintenancePlan:
    """A new plan for a machine. It counts from `last_done_at` (when it was last done before
    Fabdesk knew), else from now, and from `last_done_hours` (the hours of use then), else
    from the counter's value at that moment."""
    _require_staff(actor, machine)
    machine.refresh_from_db(fields=["usage_hours"])
    now = timezone.now()
    if last_done_at is not None and last_done_at > now:
        raise Invalid(
            _("The last time it was done cannot be in the future."),
            code="future_date",
            field="last_done_at",
        )
    done_at = last_done_at or now
    if last_done_hours is None:
        last_done_hours = usage_hours_at(machine=machine, when=done_at)
    elif not 0 <= last_done_hours <= machine.usage_hours:
        raise Invalid(
            _("The hours of use then must be between 0 and today's %(hours)s h.")
            % {"hours": machine.usage_hours},
            code="bad_hours",
            field="last_done_hours",
        )
    plan = MaintenancePlan(
        machine=machine,
        title=title,
        instructions=instructions,
        every_hours=every_hours,
        every_days=every_days,
        put_in_maintenance=put_in_maintenance,
        last_done_at=done_at,
        last_done_hours=last_done_hours,
        created_at=now,
    )
    _check_plan(plan)
    plan.save()
    audit_record(
        actor=actor,
        target=plan,
        action="maintenance.plan_created",
        changes={name: [None, str(getattr(plan, name))] for name in PLAN_FIELDS},
    )
    return plan


@transaction.atomic
def plan_update(*, actor, plan: MaintenancePlan, data: dict) -> MaintenancePlan:
    """Change a plan's title, instructions, intervals or its "put in maintenance" option."""
    _require_staff(actor, plan.machine)
    unknown = set(data) - set(PLAN_FIELDS)
    if unknown:
        raise Invalid(_("These fields cannot be changed here."), code="bad_fields")
    before = model_snapshot(plan, PLAN_FIELDS)
    for name, value in data.items():
        setattr(plan, name, value)
    _check_plan(plan)
    plan.save(update_fields=PLAN_FIELDS)
    changes = model_diff(before, plan, PLAN_FIELDS)
    if changes:
        audit_record(actor=actor, target=plan, action="maintenance.plan_updated", changes=changes)
    return plan


def _set_active(*, actor, plan: MaintenancePlan, active: bool) -> MaintenancePlan:
    _require_staff(actor, plan.machine)
    if plan.is_active == active:
        return plan
    plan.is_active = active
    plan.overdue_notified_at = None
    plan.save(update_fields=["is_active", "overdue_notified_at"])
    audit_record(
        actor=actor,
        target=plan,
        action="maintenance.plan_reactivated" if active else "maintenance.plan_deactivated",
        changes={"is_active": [not active, active]},
    )
    return plan


@transaction.atomic
def plan_deactivate(*, actor, plan: MaintenancePlan) -> MaintenancePlan:
    """Stop following a plan (its history stays). It no longer appears as due."""
    return _set_active(actor=actor, plan=plan, active=False)


@transaction.atomic
def plan_reactivate(*, actor, plan: MaintenancePlan) -> MaintenancePlan:
    return _set_active(actor=actor, plan=plan, active=True)


def machine_held_by_plans(machine: Machine) -> bool:
    """Whether the machine is in maintenance because an overdue plan put it there (and
    nobody changed its status since)."""
    return (
        machine.status == MachineStatus.MAINTENANCE
        and MaintenanceAlert.objects.filter(
            plan__machine=machine, put_in_maintenance=True, created_at__gte=machine.status_since
        ).exists()
    )


def back_in_service_offered(*, machine: Machine, plan: MaintenancePlan | None) -> bool:
    """Logging `plan` now would clear the last overdue plan of a machine a plan put in
    maintenance: the log form offers to put the machine back in service."""
    if plan is None or not machine_held_by_plans(machine):
        return False
    return not other_overdue_plans(machine=machine, now=timezone.now(), exclude_plan_id=plan.pk)


@transaction.atomic
def maintenance_log(
    *,
    actor,
    machine: Machine,
    plan: MaintenancePlan | None = None,
    notes: str = "",
    minutes: int | None = None,
    done_at: dt.datetime | None = None,
    back_in_service: bool = False,
) -> MaintenanceLog:
    """Record a maintenance done on a machine, of a plan or ad hoc. A plan's counters restart
    from that moment (and the machine's hours of use then). With `back_in_service`, a machine
    an overdue plan had put in maintenance goes back in service, if no plan is still overdue."""
    _require_staff(actor, machine)
    machine = Machine.objects.select_related("lab").get(pk=machine.pk)
    if plan is not None:
        if plan.machine_id != machine.pk:
            raise Invalid(_("This plan is for another machine."), code="wrong_machine")
        if not plan.is_active:
            raise Invalid(
                _("This plan is no longer followed; reactivate it first."), code="plan_inactive"
            )
    now = timezone.now()
    done_at = done_at or now
    if done_at > now:
        raise Invalid(
            _("A maintenance cannot be logged in the future."),
            code="future_date",
            field="done_at",
        )
    if minutes is not None and minutes < 0:
        raise Invalid(_("The time spent cannot be negative."), code="bad_minutes", field="minutes")
    offered = back_in_service and back_in_service_offered(machine=machine, plan=plan)
    if back_in_service and not offered:
        raise Conflict(
            _("The machine cannot go back in service from here: another plan is overdue, or "
              "its status was changed since. Change its status on the machine's page."),
            code="not_held_by_plan",
        )  # fmt: skip
    usage = usage_hours_at(machine=machine, when=done_at)
    log = MaintenanceLog.objects.create(
        machine=machine,
        plan=plan,
        done_at=done_at,
        done_by=actor,
        notes=notes.strip(),
        minutes=minutes,
        usage_hours=usage,
        created_at=now,
    )
    if plan is not None:
        plan = MaintenancePlan.objects.select_for_update().get(pk=plan.pk)
        if done_at >= plan.last_done_at:  # an older log does not move the counters back
            plan.last_done_at, plan.last_done_hours = done_at, usage
            plan.overdue_notified_at = None
            plan.save(update_fields=["last_done_at", "last_done_hours", "overdue_notified_at"])
    audit_record(
        actor=actor,
        target=machine,
        action="maintenance.logged",
        changes={"plan": [None, str(plan) if plan else ""], "usage_hours": [None, str(usage)]},
    )
    if offered:
        machine_set_status(actor=actor, machine=machine, status=MachineStatus.IN_SERVICE)
    return log


@dataclass
class CheckResult:
    overdue: int = 0
    notified: list[MaintenancePlan] = field(default_factory=list)
    put_in_maintenance: list[Machine] = field(default_factory=list)


def _staff_of(lab: Lab) -> list:
    people = {}
    for role in (Role.STAFF, Role.ADMIN):
        for person in member_list(lab=lab, role=role).filter(is_active=True):
            if person.status == person.Status.ACTIVE:
                people[person.pk] = person
    return list(people.values())


def _overdue_reason(plan: MaintenancePlan) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("Maintenance overdue: %(plan)s") % {"plan": plan.title}
    return reason[:300]


def _alert(plan: MaintenancePlan, due, now: dt.datetime, staff: list) -> bool:
    """Tell staff about one overdue plan (once) and hold its machine if the plan says so.
    Returns whether the machine was put in maintenance."""
    machine = plan.machine
    machine.refresh_from_db(fields=["status", "status_reason", "status_since"])
    hold = plan.put_in_maintenance and machine.status == MachineStatus.IN_SERVICE
    if hold:
        machine = machine_set_status(
            actor=None,
            machine=machine,
            status=MachineStatus.MAINTENANCE,
            reason=_overdue_reason(plan),
            system=True,
        )
        plan.machine = machine
    MaintenanceAlert.objects.create(
        plan=plan, created_at=machine.status_since if hold else now, put_in_maintenance=hold
    )
    for person in staff:
        notify(
            recipient=person,
            kind="maintenance.overdue",
            context={"plan": plan, "machine": machine, "due": due, "held": hold},
            url=f"/maintenance/plans/{plan.pk}/log/",
        )
    return hold


def maintenance_check(*, lab: Lab, now: dt.datetime | None = None) -> CheckResult:
    """Run hourly (`fabdesk maintenance-check`). For each active plan of the lab: when it
    has become overdue, tell the staff once for this overdue period and, if the plan says
    so and the machine is in service, put the machine in maintenance. A plan no longer
    overdue (logged, interval lengthened) is told about again the next time. Each plan is
    handled in its own transaction, so parallel runs tell staff once."""
    now = now or timezone.now()
    result = CheckResult()
    staff = None
    for plan in active_plans(lab=lab):
        due = plan_due(plan, now=now, tz=lab.tzinfo)
        plans = MaintenancePlan.objects.filter(pk=plan.pk)
        if due.counter_behind:  # the counter was corrected down: count again from there
            plans.update(last_done_hours=plan.machine.usage_hours)
        if due.state != OVERDUE:
            if plan.overdue_notified_at is not None:
                plans.update(overdue_notified_at=None)
            continue
        result.overdue += 1
        with transaction.atomic():
            if not plans.filter(overdue_notified_at__isnull=True).update(overdue_notified_at=now):
                continue  # told already in this overdue period (or by a parallel run)
            staff = _staff_of(lab) if staff is None else staff
            if _alert(plan, due, now, staff):
                result.put_in_maintenance.append(plan.machine)
            result.notified.append(plan)
    return result


def maintenance_check_all(*, now: dt.datetime | None = None) -> dict[str, CheckResult]:
    return {lab.slug: maintenance_check(lab=lab, now=now) for lab in Lab.objects.all()}
