"""The incident rules: who reports, the ticket workflow, the machine's status, who is told."""

from decimal import Decimal

import pytest
from django.core import mail

from fabdesk.core.errors import Forbidden, Invalid, NotFound
from fabdesk.core.models import AuditEntry
from fabdesk.equipment.models import MachineStatus
from fabdesk.equipment.services import machine_set_status
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.incidents.models import Incident, IncidentStatus
from fabdesk.incidents.services import (
    can_offer_back_in_service,
    incident_acknowledge,
    incident_close,
    incident_comment_add,
    incident_part_add,
    incident_part_remove,
    incident_report,
    incident_resolve,
    incident_start_repair,
    incident_transition,
    incident_work_add,
)
from fabdesk.members.models import User
from fabdesk.notifications.models import Notification

from .conftest import png_upload
from .factories import report

pytestmark = pytest.mark.django_db


# --- reporting -----------------------------------------------------------------------------


def test_a_member_reports_a_problem_and_staff_are_told_after_commit(
    member, staff, admin_user, machine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        incident = report(member, machine)
    assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert incident.status == IncidentStatus.REPORTED
    assert list(incident.events.values_list("to_status", flat=True)) == ["reported"]
    assert sorted(m.to[0] for m in mail.outbox) == [admin_user.email, staff.email]
    assert "Trotec Speedy 300" in mail.outbox[0].subject
    assert Notification.objects.filter(recipient=staff, kind="incidents.reported").exists()
    assert not Notification.objects.filter(recipient=member).exists()
    assert AuditEntry.objects.filter(action="incident.reported", target_id=str(incident.pk))


def test_staff_of_another_lab_and_suspended_staff_are_not_told(member, machine, other_lab_staff):
    report(member, machine)
    assert not Notification.objects.filter(recipient=other_lab_staff).exists()


def test_unusable_puts_a_machine_in_service_out_of_order(member, machine):
    incident = report(member, machine, description="Smoke from the tube!", unusable=True)
    machine.refresh_from_db()
    assert machine.status == MachineStatus.OUT_OF_ORDER
    assert f"#{incident.pk}" in machine.status_reason and "Smoke" in machine.status_reason
    change = machine.status_changes.get()
    assert change.actor == member and change.to_status == MachineStatus.OUT_OF_ORDER


def test_unusable_leaves_a_machine_in_maintenance_as_it_is(member, staff, machine):
    machine_set_status(
        actor=staff, machine=machine, status=MachineStatus.MAINTENANCE, reason="Lens"
    )
    report(member, machine, unusable=True)
    machine.refresh_from_db()
    assert machine.status == MachineStatus.MAINTENANCE and machine.status_reason == "Lens"


def test_a_problem_that_does_not_block_leaves_the_machine_in_service(member, machine):
    report(member, machine, unusable=False)
    machine.refresh_from_db()
    assert machine.status == MachineStatus.IN_SERVICE


def test_a_suspended_member_cannot_report(member, machine):
    member.status = User.Status.SUSPENDED
    member.save()
    with pytest.raises(Forbidden, match="suspended"):
        report(member, machine, unusable=True)
    machine.refresh_from_db()
    assert machine.status == MachineStatus.IN_SERVICE and not Incident.objects.exists()


def test_a_retired_machine_gets_no_report(member, staff, machine):
    machine_set_status(actor=staff, machine=machine, status=MachineStatus.RETIRED, reason="Old")
    with pytest.raises(Invalid, match="retired"):
        report(member, machine)


def test_a_machine_of_another_lab_is_not_found(member):
    with pytest.raises(NotFound):
        report(member, MachineFactory())


def test_a_report_needs_a_description(member, machine):
    with pytest.raises(Invalid) as exc:
        report(member, machine, description="   ")
    assert exc.value.field == "description"


def test_the_photo_is_stored_re_encoded(member, machine):
    incident = incident_report(
        reporter=member, machine=machine, description="Broken", photo=_cleaned_png()
    )
    assert incident.photo.name.startswith("incidents/") and incident.photo.name.endswith(".jpg")


def _cleaned_png():
    from fabdesk.core.uploads import image_clean

    return image_clean(png_upload())


# --- the workflow --------------------------------------------------------------------------


def test_the_whole_workflow_notifies_the_reporter_at_each_step(
    member, staff, machine, django_capture_on_commit_callbacks
):
    incident = report(member, machine)
    with django_capture_on_commit_callbacks(execute=True):
        incident = incident_acknowledge(actor=staff, incident=incident, note="On it")
        incident = incident_start_repair(actor=staff, incident=incident)
        incident = incident_resolve(actor=staff, incident=incident, resolution="New fuse")
    assert incident.status == IncidentStatus.RESOLVED
    assert incident.handled_by == staff and incident.resolution == "New fuse"
    assert incident.acknowledged_at <= incident.repair_started_at <= incident.resolved_at
    assert list(incident.events.values_list("to_status", flat=True)) == [
        "reported", "acknowledged", "in_repair", "resolved",
    ]  # fmt: skip
    to_member = [m for m in mail.outbox if m.to == [member.email]]
    assert len(to_member) == 3
    assert "Resolved" in to_member[-1].subject and "New fuse" in to_member[-1].body
    assert AuditEntry.objects.filter(action="incident.resolved", actor=staff).exists()


def test_repair_can_start_without_an_acknowledgement(member, staff, machine):
    incident = incident_start_repair(actor=staff, incident=report(member, machine))
    assert incident.status == IncidentStatus.IN_REPAIR and incident.acknowledged_at is not None


@pytest.mark.parametrize(
    "steps, refused",
    [
        (["acknowledge"], "acknowledge"),
        (["repair"], "acknowledge"),
        (["repair"], "repair"),
        (["resolve"], "resolve"),
        (["resolve"], "close"),
        (["close"], "repair"),
        (["close"], "close"),
    ],
)
def test_an_invalid_transition_is_refused(member, staff, machine, steps, refused):
    incident = report(member, machine)
    actions = {
        "acknowledge": lambda i: incident_acknowledge(actor=staff, incident=i),
        "repair": lambda i: incident_start_repair(actor=staff, incident=i),
        "resolve": lambda i: incident_resolve(actor=staff, incident=i, resolution="Done"),
        "close": lambda i: incident_close(actor=staff, incident=i, reason="Duplicate"),
    }
    for step in steps:
        incident = actions[step](incident)
    before = incident.status
    with pytest.raises(Invalid) as exc:
        actions[refused](incident)
    assert exc.value.code == "invalid_transition"
    incident.refresh_from_db()
    assert incident.status == before


def test_only_staff_of_the_lab_move_tickets(member, other_member, machine, other_lab_staff):
    incident = report(member, machine)
    for person in (member, other_member, other_lab_staff):
        with pytest.raises(Forbidden):
            incident_acknowledge(actor=person, incident=incident)
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.REPORTED


def test_closing_needs_a_reason_and_resolving_a_resolution(member, staff, machine):
    incident = report(member, machine)
    with pytest.raises(Invalid) as exc:
        incident_close(actor=staff, incident=incident, reason=" ")
    assert exc.value.field == "reason"
    with pytest.raises(Invalid) as exc:
        incident_resolve(actor=staff, incident=incident, resolution="")
    assert exc.value.field == "resolution"
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.REPORTED and not incident.events.exclude(
        to_status="reported"
    )
    closed = incident_close(actor=staff, incident=incident, reason="Duplicate of #1")
    assert closed.status == IncidentStatus.CLOSED and closed.close_reason == "Duplicate of #1"


def test_an_unknown_target_status_is_refused(member, staff, machine):
    with pytest.raises(Invalid):
        incident_transition(actor=staff, incident=report(member, machine), status="reported")


# --- back in service -----------------------------------------------------------------------


def test_resolving_the_last_blocking_ticket_puts_the_machine_back_in_service(
    member, staff, machine
):
    incident = report(member, machine, unusable=True)
    assert can_offer_back_in_service(incident)
    incident_resolve(actor=staff, incident=incident, resolution="Fixed", back_in_service=True)
    machine.refresh_from_db()
    assert machine.status == MachineStatus.IN_SERVICE
    assert machine.status_changes.first().actor == staff


def test_back_in_service_is_refused_while_another_blocking_ticket_is_open(
    member, other_member, staff, machine
):
    first = report(member, machine, unusable=True)
    second = report(other_member, machine, unusable=True)
    report(other_member, machine, unusable=False)  # does not block
    first.refresh_from_db()
    assert not can_offer_back_in_service(first)
    with pytest.raises(Invalid, match=f"#{second.pk}") as exc:
        incident_resolve(actor=staff, incident=first, resolution="Fixed", back_in_service=True)
    assert exc.value.code == "other_blocking_incidents"
    first.refresh_from_db()
    machine.refresh_from_db()
    assert first.status == IncidentStatus.REPORTED  # nothing half-written
    assert machine.status == MachineStatus.OUT_OF_ORDER
    # Without putting it back, the first ticket resolves; the machine stays out of order.
    incident_resolve(actor=staff, incident=first, resolution="Fixed")
    machine.refresh_from_db()
    assert machine.status == MachineStatus.OUT_OF_ORDER
    second.refresh_from_db()
    assert can_offer_back_in_service(second)
    incident_close(actor=staff, incident=second, reason="Same problem", back_in_service=True)
    machine.refresh_from_db()
    assert machine.status == MachineStatus.IN_SERVICE


def test_back_in_service_is_refused_when_the_machine_is_not_out_of_order(member, staff, machine):
    incident = report(member, machine, unusable=False)
    with pytest.raises(Invalid) as exc:
        incident_resolve(actor=staff, incident=incident, resolution="Ok", back_in_service=True)
    assert exc.value.code == "machine_not_out_of_order"


# --- comments, parts, time -----------------------------------------------------------------


def test_comments_reach_the_other_side(member, staff, machine, django_capture_on_commit_callbacks):
    incident = incident_acknowledge(actor=staff, incident=report(member, machine))
    with django_capture_on_commit_callbacks(execute=True):
        incident_comment_add(author=member, incident=incident, body="It smokes again")
        incident_comment_add(author=staff, incident=incident, body="Coming", internal=False)
        incident_comment_add(author=staff, incident=incident, body="Tube worn", internal=True)
    recipients = [(m.to[0], "It smokes" in m.body or "Coming" in m.body) for m in mail.outbox]
    assert (staff.email, True) in recipients and (member.email, True) in recipients
    assert not any("Tube worn" in m.body for m in mail.outbox)  # internal: nobody is mailed


def test_a_reporter_cannot_write_an_internal_comment(member, other_member, machine):
    incident = report(member, machine)
    with pytest.raises(Forbidden):
        incident_comment_add(author=member, incident=incident, body="x", internal=True)
    with pytest.raises(NotFound):
        incident_comment_add(author=other_member, incident=incident, body="me too")


def test_parts_and_time_are_for_staff_with_decimal_money(member, staff, machine):
    incident = report(member, machine)
    part = incident_part_add(
        actor=staff, incident=incident, name="Fuse", quantity="2", unit_cost="0.35"
    )
    assert part.total == Decimal("0.70")
    with pytest.raises(Invalid):
        incident_part_add(actor=staff, incident=incident, name="Fuse", quantity=0, unit_cost=1)
    with pytest.raises(Invalid):
        incident_part_add(actor=staff, incident=incident, name="Fuse", quantity=1, unit_cost=-1)
    with pytest.raises(Forbidden):
        incident_part_add(actor=member, incident=incident, name="Fuse", quantity=1, unit_cost=1)
    with pytest.raises(Forbidden):
        incident_work_add(actor=member, incident=incident, minutes=10)
    with pytest.raises(Invalid):
        incident_work_add(actor=staff, incident=incident, minutes=0)
    assert incident_work_add(actor=staff, incident=incident, minutes=25).minutes == 25
    incident_part_remove(actor=staff, incident=incident, part_id=part.pk)
    assert not incident.parts.exists()
