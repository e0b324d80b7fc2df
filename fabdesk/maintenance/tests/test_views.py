"""Maintenance pages: staff only (anonymous → login, member → 403, another lab → 404)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fabdesk.core.tests.factories import LabFactory
from fabdesk.equipment.models import MachineStatus, UsageEntry
from fabdesk.equipment.services import machine_add_usage
from fabdesk.equipment.tests.factories import MachineFactory, SpaceFactory
from fabdesk.equipment.timeline import machine_timeline
from fabdesk.maintenance.models import MaintenanceLog, MaintenancePlan
from fabdesk.maintenance.services import maintenance_check, maintenance_log

from .factories import MaintenancePlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def machine(lab):
    return MachineFactory(lab=lab, name="Trotec Speedy", usage_hours=Decimal("100"))


@pytest.fixture
def plan(machine):
    return MaintenancePlanFactory(machine=machine, title="Nettoyer la lentille", every_hours=20)


@pytest.fixture
def urls(machine, plan):
    return [
        "/maintenance/",
        "/maintenance/history/",
        f"/maintenance/machines/{machine.pk}/",
        f"/maintenance/machines/{machine.pk}/plans/new/",
        f"/maintenance/machines/{machine.pk}/log/",
        f"/maintenance/plans/{plan.pk}/edit/",
        f"/maintenance/plans/{plan.pk}/log/",
    ]


def test_anonymous_is_sent_to_login(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_members_are_refused(member_client, urls, plan):
    for url in urls:
        assert member_client.get(url).status_code == 403, url
    assert member_client.post(f"/maintenance/plans/{plan.pk}/deactivate/").status_code == 403
    assert member_client.post(f"/maintenance/plans/{plan.pk}/log/").status_code == 403
    assert MaintenanceLog.objects.count() == 0


@pytest.mark.parametrize("who", ["staff", "admin_user"])
def test_staff_and_admins_open_every_page(request, client, urls, who):
    client.force_login(request.getfixturevalue(who))
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_another_labs_machine_or_plan_is_not_found(staff_client):
    stranger = MachineFactory(lab=LabFactory(slug="other"))
    plan = MaintenancePlanFactory(machine=stranger)
    for url in [
        f"/maintenance/machines/{stranger.pk}/",
        f"/maintenance/machines/{stranger.pk}/log/",
        f"/maintenance/plans/{plan.pk}/edit/",
        f"/maintenance/plans/{plan.pk}/log/",
        "/maintenance/plans/999999/log/",
    ]:
        assert staff_client.get(url).status_code == 404, url
    assert staff_client.post(f"/maintenance/plans/{plan.pk}/deactivate/").status_code == 404


def test_the_due_list_shows_overdue_first_then_due_soon(staff_client, lab, machine, plan):
    cnc = MachineFactory(lab=lab, name="CNC High-Z")
    MaintenancePlanFactory(
        machine=cnc, title="Lubrifier les rails", every_hours=None, every_days=30,
        last_done_at=timezone.now() - timedelta(days=40),
    )  # fmt: skip
    MaintenancePlanFactory(machine=cnc, title="Plan à jour", every_days=30)
    machine_add_usage(machine=machine, hours=Decimal("19"), kind=UsageEntry.Kind.BOOKING)
    html = staff_client.get("/maintenance/").content.decode()
    assert html.index("Lubrifier les rails") < html.index("Nettoyer la lentille")
    assert "Plan à jour" not in html
    assert "Overdue" in html and "Due soon" in html
    assert f"/maintenance/plans/{plan.pk}/log/" in html
    filtered = staff_client.get(f"/maintenance/?machine={cnc.pk}").content.decode()
    assert "Lubrifier les rails" in filtered and "Nettoyer la lentille" not in filtered


def test_the_due_list_filters_by_space(staff_client, lab, machine, plan):
    elsewhere = MachineFactory(lab=lab, space=SpaceFactory(lab=lab, name="Salle bois"))
    MaintenancePlanFactory(machine=elsewhere, title="Affûter", every_days=1,
                           last_done_at=timezone.now() - timedelta(days=3))  # fmt: skip
    MaintenancePlanFactory(machine=machine, title="Lentille", every_days=1,
                           last_done_at=timezone.now() - timedelta(days=3))  # fmt: skip
    html = staff_client.get(f"/maintenance/?space={elsewhere.space_id}").content.decode()
    assert "Affûter" in html and "Lentille" not in html


def _overdue_plans(lab, count):
    for index in range(count):
        machine = MachineFactory(lab=lab)
        MaintenancePlanFactory(machine=machine, every_hours=None, every_days=7,
                               last_done_at=timezone.now() - timedelta(days=8 + index))  # fmt: skip


def _log_all(staff):
    """An old log on each plan (its counters stay where they are: the plans stay overdue)."""
    for plan in MaintenancePlan.objects.filter(logs=None):
        when = plan.last_done_at - timedelta(days=1)
        maintenance_log(actor=staff, machine=plan.machine, plan=plan, done_at=when)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", ["/maintenance/", "/maintenance/history/", "/today/"])
def test_the_lists_cost_the_same_for_many_plans(
    staff_client, staff, lab, url, django_assert_max_num_queries
):
    _overdue_plans(lab, 1)
    _log_all(staff)
    few = _queries(staff_client, url)
    _overdue_plans(lab, 30)
    _log_all(staff)
    with django_assert_max_num_queries(few):
        staff_client.get(url)
    assert few <= 17  # with the booking panels (today's bookings, bookings to move)


def test_staff_create_edit_and_deactivate_a_plan(staff_client, machine):
    response = staff_client.post(
        f"/maintenance/machines/{machine.pk}/plans/new/",
        {"title": "Calibrer le plateau", "every_hours": "50", "instructions": "Assistant."},
    )
    assert response.status_code == 302
    plan = MaintenancePlan.objects.get(title="Calibrer le plateau")
    assert plan.last_done_hours == Decimal("100")
    response = staff_client.post(
        f"/maintenance/plans/{plan.pk}/edit/",
        {"title": "Calibrer le plateau", "every_hours": "", "every_days": "30"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.every_hours, plan.every_days) == (None, 30)
    staff_client.post(f"/maintenance/plans/{plan.pk}/deactivate/")
    plan.refresh_from_db()
    assert not plan.is_active
    staff_client.post(f"/maintenance/plans/{plan.pk}/reactivate/")
    plan.refresh_from_db()
    assert plan.is_active


def test_a_plan_without_interval_is_shown_back_with_the_error(staff_client, machine):
    response = staff_client.post(
        f"/maintenance/machines/{machine.pk}/plans/new/", {"title": "Rien"}
    )
    assert response.status_code == 200
    assert "every so many days" in response.content.decode()
    too_many = staff_client.post(
        f"/maintenance/machines/{machine.pk}/plans/new/",
        {"title": "Avant", "every_days": "7", "last_done_hours": "500"},
    )
    assert too_many.status_code == 200
    assert "between 0 and" in too_many.content.decode()
    assert not MaintenancePlan.objects.exists()


def test_staff_log_a_plan(staff_client, staff, machine, plan):
    machine_add_usage(machine=machine, hours=Decimal("25"), kind=UsageEntry.Kind.BOOKING)
    response = staff_client.post(
        f"/maintenance/plans/{plan.pk}/log/", {"minutes": "15", "notes": "Lentille propre."}
    )
    assert response.status_code == 302
    log = MaintenanceLog.objects.get()
    assert (log.plan, log.done_by, log.minutes) == (plan, staff, 15)
    plan.refresh_from_db()
    assert plan.last_done_hours == Decimal("125")
    history = staff_client.get("/maintenance/history/").content.decode()
    assert "Lentille propre." in history


def test_the_log_form_offers_back_in_service_only_when_a_plan_held_the_machine(
    staff_client, machine
):
    plan = MaintenancePlanFactory(machine=machine, every_days=7, put_in_maintenance=True,
                                  last_done_at=timezone.now() - timedelta(days=9))  # fmt: skip
    other = MaintenancePlanFactory(machine=machine, every_days=30)
    url = f"/maintenance/plans/{plan.pk}/log/"
    assert "back_in_service" not in staff_client.get(url).content.decode()
    maintenance_check(lab=machine.lab)
    assert "back_in_service" in staff_client.get(url).content.decode()
    assert (
        "back_in_service"
        not in staff_client.get(f"/maintenance/plans/{other.pk}/log/").content.decode()
    )  # that plan was not overdue: no offer there... (no harm either)
    staff_client.post(url, {"back_in_service": "on"})
    machine.refresh_from_db()
    assert machine.status == MachineStatus.IN_SERVICE


def test_the_log_form_without_the_box_keeps_the_machine_in_maintenance(staff_client, machine):
    plan = MaintenancePlanFactory(machine=machine, every_days=7, put_in_maintenance=True,
                                  last_done_at=timezone.now() - timedelta(days=9))  # fmt: skip
    maintenance_check(lab=machine.lab)
    staff_client.post(f"/maintenance/plans/{plan.pk}/log/", {"notes": "Fait."})
    machine.refresh_from_db()
    assert machine.status == MachineStatus.MAINTENANCE
    assert MaintenanceLog.objects.count() == 1


def test_ad_hoc_log(staff_client, machine):
    staff_client.post(f"/maintenance/machines/{machine.pk}/log/", {"notes": "Courroie changée"})
    log = MaintenanceLog.objects.get()
    assert log.plan is None and log.machine == machine


def test_a_log_in_the_future_is_refused_on_the_form(staff_client, machine, plan):
    tomorrow = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = staff_client.post(f"/maintenance/plans/{plan.pk}/log/", {"done_at": tomorrow})
    assert response.status_code == 200
    assert "cannot be logged in the future" in response.content.decode()
    assert not MaintenanceLog.objects.exists()


def test_script_in_instructions_titles_and_notes_is_inert(staff_client, machine):
    staff_client.post(
        f"/maintenance/machines/{machine.pk}/plans/new/",
        {
            "title": "<script>alert('t')</script>Lentille",
            "every_days": "1",
            "instructions": "**Nettoyer** <script>alert('i')</script> <img src=x onerror=alert(1)>",
            "last_done_at": (timezone.localtime() - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    plan = MaintenancePlan.objects.get()
    staff_client.post(
        f"/maintenance/plans/{plan.pk}/log/", {"notes": "<script>alert('n')</script>fait"}
    )
    plan.last_done_at = timezone.now() - timedelta(days=3)
    plan.save()
    pages = [
        "/maintenance/",
        f"/maintenance/machines/{machine.pk}/",
        f"/maintenance/plans/{plan.pk}/log/",
        "/maintenance/history/",
        "/today/",
    ]
    for url in pages:
        html = staff_client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "onerror" not in html, url
    html = staff_client.get(f"/maintenance/plans/{plan.pk}/log/").content.decode()
    assert "<strong>Nettoyer</strong>" in html


def test_the_today_panel_counts_overdue_and_due_soon(staff_client, machine, plan):
    machine_add_usage(machine=machine, hours=Decimal("19"), kind=UsageEntry.Kind.BOOKING)
    html = staff_client.get("/today/").content.decode()
    assert "1 due soon" in html and "Nettoyer la lentille" in html


def test_the_today_panel_is_quiet_when_nothing_is_due(staff_client, plan):
    assert "panel-maintenance-title" not in staff_client.get("/today/").content.decode()


def test_the_machine_timeline_shows_maintenance(staff, machine, plan):
    plan.put_in_maintenance = True
    plan.every_days, plan.last_done_at = 3, timezone.now() - timedelta(days=5)
    plan.save()
    maintenance_check(lab=machine.lab)
    maintenance_log(actor=staff, machine=machine, plan=plan, notes="Fait", back_in_service=True)
    kinds = [entry.kind for entry in machine_timeline(machine)]
    assert "maintenance" in kinds and "maintenance_overdue" in kinds
    titles = [str(entry.title) for entry in machine_timeline(machine)]
    assert "Maintenance done: Nettoyer la lentille" in titles


def test_the_command_runs_the_check(machine, capsys):
    MaintenancePlanFactory(machine=machine, every_days=1,
                           last_done_at=timezone.now() - timedelta(days=2))  # fmt: skip
    call_command("maintenance-check")
    assert "1 newly reported" in capsys.readouterr().out
    call_command("maintenance-check", lab=machine.lab.slug)
    assert "0 newly reported" in capsys.readouterr().out
    call_command("maintenance-check", "--enqueue")
    assert "queued" in capsys.readouterr().out


def test_staff_see_the_maintenance_section_on_the_machine_page(client, staff, member, plan):
    machine = plan.machine
    client.force_login(member)
    assert "Nettoyer la lentille" not in client.get(f"/machines/{machine.pk}/").content.decode()
    client.force_login(staff)
    html = client.get(f"/machines/{machine.pk}/").content.decode()
    assert "Nettoyer la lentille" in html
    assert f"/maintenance/machines/{machine.pk}/" in html
