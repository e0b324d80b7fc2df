"""The demo's maintenance plans: some due soon, some overdue, told to staff, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from fabdesk.core.models import Lab
from fabdesk.equipment.models import MachineStatus
from fabdesk.maintenance.models import MaintenanceAlert, MaintenanceLog, MaintenancePlan
from fabdesk.maintenance.selectors import due_items
from fabdesk.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _demo():
    call_command("demo", stdout=StringIO())
    return Lab.objects.get(slug="demo")


def test_the_demo_has_plans_due_soon_and_overdue():
    lab = _demo()
    plans = MaintenancePlan.objects.filter(machine__lab=lab)
    assert plans.count() >= 6
    titles = set(plans.values_list("title", flat=True))
    assert "Nettoyer la lentille et les miroirs du laser" in titles
    items = due_items(lab=lab, now=timezone.now())
    states = [item.due.state for item in items]
    assert states.count("overdue") >= 2 and states.count("due_soon") >= 2
    assert MaintenanceLog.objects.filter(machine__lab=lab).exists()
    # Staff were told about the overdue plans; no machine was taken out of service.
    assert Notification.objects.filter(
        kind="maintenance.overdue", recipient__email="fabmanager@fablab-demo.test"
    ).count() == states.count("overdue")
    assert not MaintenanceAlert.objects.filter(put_in_maintenance=True).exists()
    assert (
        not plans.filter(machine__status=MachineStatus.MAINTENANCE)
        .exclude(machine__slug="epilog-zing-24")
        .exists()
    )


def test_running_the_demo_twice_adds_no_plan_log_or_notice():
    _demo()
    counts = (
        MaintenancePlan.objects.count(),
        MaintenanceLog.objects.count(),
        MaintenanceAlert.objects.count(),
        Notification.objects.count(),
    )
    _demo()
    assert (
        MaintenancePlan.objects.count(),
        MaintenanceLog.objects.count(),
        MaintenanceAlert.objects.count(),
        Notification.objects.count(),
    ) == counts
