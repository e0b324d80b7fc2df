from decimal import Decimal

import pytest

from fabdesk.core.errors import Forbidden, Invalid
from fabdesk.core.selectors import audit_entries_for
from fabdesk.equipment.models import MachineStatus, UsageEntry
from fabdesk.equipment.services import (
    machine_add_usage,
    machine_correct_usage,
    machine_set_status,
)
from fabdesk.equipment.signals import machine_status_changed
from fabdesk.equipment.timeline import machine_timeline

from .factories import MachineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def machine(lab):
    return MachineFactory(lab=lab)


def test_staff_take_a_machine_out_of_order_with_a_reason(staff, machine):
    heard = []
    machine_status_changed.connect(
        lambda **kw: heard.append(kw["new_status"]), weak=False, dispatch_uid="t"
    )
    try:
        machine_set_status(actor=staff, machine=machine, status="out_of_order", reason="Tube HS")
    finally:
        machine_status_changed.disconnect(dispatch_uid="t")
    machine.refresh_from_db()
    assert (machine.status, machine.status_reason) == ("out_of_order", "Tube HS")
    assert heard == ["out_of_order"]
    change = machine.status_changes.get()
    assert (change.from_status, change.to_status, change.actor) == (
        "in_service",
        "out_of_order",
        staff,
    )
    assert audit_entries_for(machine).get().action == "machine.status_changed"
    assert machine_timeline(machine)[0].detail == "Tube HS"


def test_a_member_cannot_change_a_status_and_a_reason_is_needed(member, staff, machine):
    with pytest.raises(Forbidden):
        machine_set_status(actor=member, machine=machine, status="retired", reason="x")
    with pytest.raises(Invalid):
        machine_set_status(actor=staff, machine=machine, status="maintenance", reason=" ")
    machine.refresh_from_db()
    assert machine.status == MachineStatus.IN_SERVICE and not machine.status_changes.exists()


def test_rules_acting_on_their_own_may_change_the_status(member, machine):
    machine_set_status(
        actor=member, machine=machine, status="out_of_order", reason="Reported", system=True
    )
    assert machine.status_changes.get().actor == member


def test_usage_counter_adds_and_is_corrected_with_a_reason(staff, machine):
    machine_add_usage(machine=machine, hours=Decimal("1.5"), kind=UsageEntry.Kind.BOOKING)
    machine_add_usage(machine=machine, hours=Decimal("2"), kind=UsageEntry.Kind.JOB)
    machine.refresh_from_db()
    assert machine.usage_hours == Decimal("3.50")
    with pytest.raises(Invalid):
        machine_correct_usage(actor=staff, machine=machine, total_hours=Decimal("10"), reason="")
    entry = machine_correct_usage(
        actor=staff, machine=machine, total_hours=Decimal("120"), reason="Read on the hour meter"
    )
    assert (entry.hours, entry.total_after) == (Decimal("116.50"), Decimal("120.00"))
    with pytest.raises(Invalid):
        machine_correct_usage(
            actor=staff, machine=machine, total_hours=Decimal("-1"), reason="typo"
        )
    machine.refresh_from_db()
    assert machine.usage_hours == Decimal("120.00")
