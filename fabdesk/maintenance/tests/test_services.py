"""Maintenance services: plans, logging (which resets the counters), the overdue check."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from fabdesk.core.errors import Conflict, Forbidden, Invalid
from fabdesk.core.models import AuditEntry
from fabdesk.core.tests.factories import LabFactory
from fabdesk.equipment.models import MachineStatus, UsageEntry
from fabdesk.equipment.services import machine_add_usage, machine_correct_usage, machine_set_status
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.maintenance.models import MaintenanceAlert, MaintenanceLog, MaintenancePlan
from fabdesk.maintenance.selectors import due_items
from fabdesk.maintenance.services import (
    back_in_service_offered,
    maintenance_check,
    maintenance_log,
    plan_create,
    plan_deactivate,
    plan_update,
)
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory
from fabdesk.notifications.models import Notification

from .factories import MaintenancePlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def machine(lab):
    return MachineFactory(lab=lab, usage_hours=Decimal("100"))


def use(machine, hours):
    machine_add_usage(machine=machine, hours=Decimal(hours), kind=UsageEntry.Kind.BOOKING)
    machine.refresh_from_db()


def test_staff_create_a_plan_counting_from_now(staff, machine):
    plan = plan_create(
        actor=staff, machine=machine, title="  Nettoyer la lentille ", every_hours=20
    )
    assert plan.title == "Nettoyer la lentille"
    assert plan.last_done_hours == Decimal("100")
    assert timezone.now() - plan.last_done_at < timedelta(minutes=1)
    assert plan.is_active
    assert AuditEntry.objects.filter(action="maintenance.plan_created").count() == 1


def test_a_plan_can_count_from_an_earlier_time_and_counter(staff, machine):
    plan = plan_create(
        actor=staff, machine=machine, title="Rails", every_days=30,
        last_done_at=timezone.now() - timedelta(days=10), last_done_hours=Decimal("90"),
    )  # fmt: skip
    assert plan.last_done_hours == Decimal("90")
    with pytest.raises(Invalid) as exc:
        plan_create(
            actor=staff, machine=machine, title="Rails", every_days=30,
            last_done_hours=Decimal("150"),
        )  # fmt: skip
    assert exc.value.field == "last_done_hours"
    with pytest.raises(Invalid) as exc:
        plan_create(
            actor=staff, machine=machine, title="Rails", every_days=30,
            last_done_at=timezone.now() + timedelta(days=1),
        )  # fmt: skip
    assert exc.value.code == "future_date"


def test_the_hours_then_default_to_the_counter_at_that_moment(staff, machine):
    before = timezone.now()
    use(machine, "15")
    plan = plan_create(
        actor=staff, machine=machine, title="Rails", every_hours=50, last_done_at=before
    )
    assert plan.last_done_hours == Decimal("100")


def test_a_plan_needs_a_title_and_an_interval(staff, machine):
    with pytest.raises(Invalid) as exc:
        plan_create(actor=staff, machine=machine, title="Lentille")
    assert exc.value.code == "interval_required"
    with pytest.raises(Invalid) as exc:
        plan_create(actor=staff, machine=machine, title=" ", every_days=3)
    assert exc.value.field == "title"
    assert not MaintenancePlan.objects.exists()


def test_the_database_refuses_a_plan_without_interval(machine):
    with pytest.raises(IntegrityError), transaction.atomic():
        MaintenancePlan.objects.create(machine=machine, title="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        MaintenancePlan.objects.create(machine=machine, title="x", every_days=0)


def test_members_and_other_labs_staff_cannot_manage_plans(member, machine):
    with pytest.raises(Forbidden):
        plan_create(actor=member, machine=machine, title="x", every_days=3)
    stranger = UserFactory(lab=LabFactory(slug="other"), with_role=Role.STAFF)
    with pytest.raises(Forbidden):
        plan_create(actor=stranger, machine=machine, title="x", every_days=3)
    plan = MaintenancePlanFactory(machine=machine)
    with pytest.raises(Forbidden):
        maintenance_log(actor=stranger, machine=machine, plan=plan)
    with pytest.raises(Forbidden):
        plan_deactivate(actor=member, plan=plan)


def test_update_and_deactivate(staff, machine):
    plan = MaintenancePlanFactory(machine=machine, every_hours=20)
    plan_update(actor=staff, plan=plan, data={"every_hours": None, "every_days": 30})
    plan.refresh_from_db()
    assert (plan.every_hours, plan.every_days) == (None, 30)
    with pytest.raises(Invalid):
        plan_update(actor=staff, plan=plan, data={"every_days": None})
    with pytest.raises(Invalid):
        plan_update(actor=staff, plan=plan, data={"last_done_hours": 0})
    plan_deactivate(actor=staff, plan=plan)
    plan.refresh_from_db()
    assert not plan.is_active
    assert AuditEntry.objects.filter(action="maintenance.plan_deactivated").count() == 1


def test_logging_resets_the_plan_counters(staff, machine):
    plan = MaintenancePlanFactory(machine=machine, every_hours=20)
    use(machine, "23")
    assert due_items(lab=machine.lab, now=timezone.now())[0].due.is_overdue
    log = maintenance_log(actor=staff, machine=machine, plan=plan, notes="Propre.", minutes=20)
    plan.refresh_from_db()
    assert plan.last_done_hours == Decimal("123") == log.usage_hours
    assert plan.last_done_at == log.done_at
    assert log.done_by == staff and log.minutes == 20
    assert due_items(lab=machine.lab, now=timezone.now()) == []


def test_an_older_log_does_not_move_the_counters_back(staff, machine):
    plan = MaintenancePlanFactory(machine=machine, every_hours=20)
    last = plan.last_done_at
    maintenance_log(actor=staff, machine=machine, plan=plan, done_at=last - timedelta(days=3))
    plan.refresh_from_db()
    assert plan.last_done_at == last


def test_a_log_in_the_past_takes_the_counter_of_that_moment(staff, machine):
    plan = MaintenancePlanFactory(machine=machine, every_hours=20)
    use(machine, "5")
    moment = timezone.now()
    use(machine, "7")
    log = maintenance_log(actor=staff, machine=machine, plan=plan, done_at=moment)
    assert log.usage_hours == Decimal("105")
    with pytest.raises(Invalid):
        maintenance_log(actor=staff, machine=machine, done_at=timezone.now() + timedelta(hours=1))


def test_ad_hoc_maintenance_and_refusals(staff, machine, lab):
    log = maintenance_log(actor=staff, machine=machine, notes="Courroie changée")
    assert log.plan is None and log.usage_hours == Decimal("100")
    other = MaintenancePlanFactory(machine=MachineFactory(lab=lab))
    with pytest.raises(Invalid):
        maintenance_log(actor=staff, machine=machine, plan=other)
    plan = MaintenancePlanFactory(machine=machine, is_active=False)
    with pytest.raises(Invalid):
        maintenance_log(actor=staff, machine=machine, plan=plan)
    assert MaintenanceLog.objects.count() == 1


def test_overdue_check_notifies_staff_once_per_overdue_period(
    staff, admin_user, member, machine, django_capture_on_commit_callbacks
):
    plan = MaintenancePlanFactory(machine=machine, every_hours=20, title="Lentille")
    use(machine, "19")
    assert maintenance_check(lab=machine.lab).notified == []  # due soon: nobody told
    use(machine, "2")
    with django_capture_on_commit_callbacks(execute=True):
        result = maintenance_check(lab=machine.lab)
    assert result.notified == [plan]
    told = Notification.objects.filter(kind="maintenance.overdue")
    assert sorted(told.values_list("recipient__email", flat=True)) == [
        admin_user.email,
        staff.email,
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [admin_user.email, staff.email]
    assert "Lentille" in mail.outbox[0].subject
    # Still overdue an hour later: nobody is told again.
    result = maintenance_check(lab=machine.lab, now=timezone.now() + timedelta(hours=1))
    assert result.overdue == 1 and result.notified == []
    assert told.count() == 2
    # Logged, then overdue again: a new period, a new notice.
    maintenance_log(actor=staff, machine=machine, plan=plan)
    use(machine, "20")
    assert maintenance_check(lab=machine.lab).notified == [plan]
    assert told.count() == 4
    assert MaintenanceAlert.objects.filter(plan=plan).count() == 2
    machine.refresh_from_db()
    assert machine.status == MachineStatus.IN_SERVICE  # the plan does not hold the machine


def test_the_check_puts_the_machine_in_maintenance_only_with_the_option(staff, machine):
    plan = MaintenancePlanFactory(machine=machine, every_days=7, put_in_maintenance=True)
    later = timezone.now() + timedelta(days=8)
    result = maintenance_check(lab=machine.lab, now=later)
    machine.refresh_from_db()
    assert result.put_in_maintenance == [machine]
    assert machine.status == MachineStatus.MAINTENANCE
    assert machine.status_reason == f"Maintenance overdue: {plan.title}"
    assert machine.status_changes.count() == 1
    # Staff put it back in service by hand: the same overdue period does not take it again.
    machine_set_status(actor=staff, machine=machine, status=MachineStatus.IN_SERVICE)
    maintenance_check(lab=machine.lab, now=later + timedelta(hours=1))
    machine.refresh_from_db()
    assert machine.status == MachineStatus.IN_SERVICE


def test_the_check_leaves_a_machine_out_of_order_alone(staff, machine):
    MaintenancePlanFactory(machine=machine, every_days=7, put_in_maintenance=True)
    machine_set_status(
        actor=staff, machine=machine, status=MachineStatus.OUT_OF_ORDER, reason="Tube cassé"
    )
    result = maintenance_check(lab=machine.lab, now=timezone.now() + timedelta(days=8))
    machine.refresh_from_db()
    assert len(result.notified) == 1 and result.put_in_maintenance == []
    assert machine.status == MachineStatus.OUT_OF_ORDER


def test_two_overdue_plans_put_the_machine_in_maintenance_once(machine):
    MaintenancePlanFactory(machine=machine, every_days=7, put_in_maintenance=True)
    MaintenancePlanFactory(machine=machine, every_days=5, put_in_maintenance=True)
    maintenance_check(lab=machine.lab, now=timezone.now() + timedelta(days=8))
    assert machine.status_changes.count() == 1


def test_logging_the_last_overdue_plan_offers_to_put_the_machine_back(staff, machine):
    first = MaintenancePlanFactory(machine=machine, every_days=7, put_in_maintenance=True)
    second = MaintenancePlanFactory(machine=machine, every_hours=20)
    use(machine, "25")
    first.last_done_at = timezone.now() - timedelta(days=8)
    first.save()
    maintenance_check(lab=machine.lab)
    machine.refresh_from_db()
    assert machine.status == MachineStatus.MAINTENANCE
    # Another plan is still overdue: no offer, and asking anyway is refused.
    assert not back_in_service_offered(machine=machine, plan=first)
    with pytest.raises(Conflict):
        maintenance_log(actor=staff, machine=machine, plan=first, back_in_service=True)
    assert not MaintenanceLog.objects.exists()
    maintenance_log(actor=staff, machine=machine, plan=second)
    assert back_in_service_offered(machine=machine, plan=first)
    maintenance_log(actor=staff, machine=machine, plan=first, back_in_service=True)
    machine.refresh_from_db()
    assert machine.status == MachineStatus.IN_SERVICE


def test_no_offer_when_staff_put_the_machine_in_maintenance(staff, machine):
    plan = MaintenancePlanFactory(machine=machine, every_days=7)
    machine_set_status(
        actor=staff, machine=machine, status=MachineStatus.MAINTENANCE, reason="Révision"
    )
    assert not back_in_service_offered(machine=machine, plan=plan)
    log = maintenance_log(actor=staff, machine=machine, plan=plan)
    machine.refresh_from_db()
    assert log.pk and machine.status == MachineStatus.MAINTENANCE


def test_a_plan_no_longer_overdue_is_told_about_again_next_time(staff, machine):
    plan = MaintenancePlanFactory(machine=machine, every_days=7)
    later = timezone.now() + timedelta(days=8)
    assert maintenance_check(lab=machine.lab, now=later).notified == [plan]
    plan_update(actor=staff, plan=plan, data={"every_days": 30})
    maintenance_check(lab=machine.lab, now=later)
    plan.refresh_from_db()
    assert plan.overdue_notified_at is None
    assert maintenance_check(lab=machine.lab, now=later + timedelta(days=30)).notified == [plan]


def test_a_counter_corrected_down_restarts_the_count(staff, machine):
    plan = MaintenancePlanFactory(machine=machine, every_hours=20)
    machine_correct_usage(
        actor=staff, machine=machine, total_hours=Decimal("10"), reason="Carte remplacée"
    )
    maintenance_check(lab=machine.lab)
    plan.refresh_from_db()
    assert plan.last_done_hours == Decimal("10")
    use(machine, "20")
    assert maintenance_check(lab=machine.lab).notified == [plan]


def test_inactive_plans_and_retired_machines_are_not_checked(staff, machine, lab):
    MaintenancePlanFactory(machine=machine, every_days=7, is_active=False)
    retired = MachineFactory(lab=lab, status=MachineStatus.RETIRED)
    MaintenancePlanFactory(machine=retired, every_days=7)
    result = maintenance_check(lab=lab, now=timezone.now() + timedelta(days=30))
    assert result.overdue == 0


def test_the_check_only_looks_at_its_lab(machine):
    MaintenancePlanFactory(machine=machine, every_days=7)
    other = LabFactory(slug="other")
    assert maintenance_check(lab=other, now=timezone.now() + timedelta(days=8)).overdue == 0
