"""Rules about machines: their status and their hours of use. Incidents, maintenance and
later bookings change a machine's status only through machine_set_status."""

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.errors import Forbidden, Invalid
from fabdesk.core.services import audit_record

from .models import Machine, MachineStatus, MachineStatusChange, UsageEntry
from .permissions import can_manage_equipment
from .signals import machine_status_changed

REASON_REQUIRED = {MachineStatus.OUT_OF_ORDER, MachineStatus.MAINTENANCE, MachineStatus.RETIRED}


@transaction.atomic
def machine_set_status(
    *,
    actor,
    machine: Machine,
    status: str,
    reason: str = "",
    system: bool = False,
) -> Machine:
    """Put a machine in service, out of order, in maintenance, or retire it.

    Staff do it by hand; `system=True` is for rules acting on their own (an incident marked
    "machine unusable" by a member, an overdue maintenance plan), with `actor` the person
    whose action triggered it, if any. Taking a machine out of service needs a reason."""
    if not system and not can_manage_equipment(actor):
        raise Forbidden(_("Only the lab's staff can change a machine's status."), code="staff_only")
    if status not in MachineStatus.values:
        raise Invalid(_("Unknown machine status."), code="bad_status", field="status")
    reason = reason.strip()
    if status in REASON_REQUIRED and not reason:
        raise Invalid(
            _("Say why the machine is not in service."), code="reason_required", field="reason"
        )
    machine = Machine.objects.select_for_update().get(pk=machine.pk)
    old = machine.status
    if old == status and machine.status_reason == reason:
        return machine
    now = timezone.now()
    machine.status, machine.status_reason = status, reason
    if old != status:
        machine.status_since = now
    machine.save(update_fields=["status", "status_reason", "status_since"])
    person = actor if getattr(actor, "is_authenticated", False) else None
    MachineStatusChange.objects.create(
        machine=machine,
        from_status=old,
        to_status=status,
        reason=reason,
        actor=person,
        created_at=now,
    )
    audit_record(
        actor=person,
        target=machine,
        action="machine.status_changed",
        changes={"status": [old, status]},
        reason=reason,
    )
    machine_status_changed.send(
        sender=Machine,
        machine=machine,
        old_status=old,
        new_status=status,
        actor=person,
        reason=reason,
    )
    return machine


def _move_usage(*, machine: Machine, hours: Decimal, kind: str, reason: str, actor) -> UsageEntry:
    updated = Machine.objects.filter(pk=machine.pk, usage_hours__gte=-hours).update(
        usage_hours=F("usage_hours") + hours
    )
    if not updated:
        raise Invalid(
            _("The hours of use cannot go below zero."), code="negative_usage", field="hours"
        )
    machine.refresh_from_db(fields=["usage_hours"])
    return UsageEntry.objects.create(
        machine=machine,
        kind=kind,
        hours=hours,
        total_after=machine.usage_hours,
        reason=reason,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


@transaction.atomic
def machine_add_usage(
    *, machine: Machine, hours: Decimal, kind: str, reason: str = "", actor=None
) -> UsageEntry:
    """Count hours of use (a booking closed, a job printed). Called by later apps."""
    if hours <= 0:
        raise Invalid(_("Hours of use must be positive."), code="bad_hours", field="hours")
    return _move_usage(machine=machine, hours=Decimal(hours), kind=kind, reason=reason, actor=actor)


@transaction.atomic
def machine_correct_usage(
    *, actor, machine: Machine, total_hours: Decimal, reason: str
) -> UsageEntry:
    """Staff set the counter to the value read on the machine, with a reason."""
    if not can_manage_equipment(actor):
        raise Forbidden(_("Only the lab's staff can correct the hours of use."), code="staff_only")
    if not reason.strip():
        raise Invalid(
            _("Say why the counter is corrected."), code="reason_required", field="reason"
        )
    total_hours = Decimal(total_hours)
    if total_hours < 0:
        raise Invalid(
            _("The hours of use cannot go below zero."), code="negative_usage", field="hours"
        )
    machine.refresh_from_db(fields=["usage_hours"])
    entry = _move_usage(
        machine=machine,
        hours=total_hours - machine.usage_hours,
        kind=UsageEntry.Kind.CORRECTION,
        reason=reason.strip(),
        actor=actor,
    )
    audit_record(
        actor=actor,
        target=machine,
        action="machine.usage_corrected",
        changes={"usage_hours": [str(entry.total_after - entry.hours), str(entry.total_after)]},
        reason=reason,
    )
    return entry
