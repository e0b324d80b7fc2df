"""The demo workshop: what `fabdesk demo` puts in the lab's catalogue."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from fabdesk.core.models import Lab
from fabdesk.equipment.demo import (
    DEMO_MACHINE_SLUGS,
    MACHINES,
    MAINTENANCE_SLUG,
    OUT_OF_ORDER_SLUG,
    RETIRED_SLUG,
)
from fabdesk.equipment.models import (
    Machine,
    MachineCategory,
    MachineStatus,
    MachineStatusChange,
    Space,
    UsageEntry,
)
from fabdesk.equipment.selectors import machine_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_lab():
    call_command("demo", stdout=StringIO())
    return Lab.objects.get(slug="demo")


def test_every_category_kind_of_the_issue_has_machines(demo_lab):
    kinds = set(MachineCategory.objects.filter(lab=demo_lab).values_list("kind", flat=True))
    assert kinds == set(MachineCategory.Kind.values) - {"other"}
    machines = Machine.objects.filter(lab=demo_lab).select_related("category")
    assert 14 <= machines.count() <= 16
    assert {m.category.kind for m in machines} == kinds


def test_the_published_slugs_are_the_demo_machines(demo_lab):
    by_kind: dict[str, list[str]] = {}
    for machine in Machine.objects.filter(lab=demo_lab).select_related("category"):
        by_kind.setdefault(machine.category.kind, []).append(machine.slug)
    assert {k: sorted(v) for k, v in by_kind.items()} == {
        k: sorted(v) for k, v in DEMO_MACHINE_SLUGS.items()
    }
    assert len(MACHINES) == sum(len(slugs) for slugs in DEMO_MACHINE_SLUGS.values())


def test_one_machine_out_of_order_one_in_maintenance_one_retired_with_reasons(demo_lab):
    machines = Machine.objects.filter(lab=demo_lab)
    stopped = {m.slug: m for m in machines.exclude(status=MachineStatus.IN_SERVICE)}
    assert {slug: m.status for slug, m in stopped.items()} == {
        OUT_OF_ORDER_SLUG: MachineStatus.OUT_OF_ORDER,
        MAINTENANCE_SLUG: MachineStatus.MAINTENANCE,
        RETIRED_SLUG: MachineStatus.RETIRED,
    }
    assert all(m.status_reason for m in stopped.values())
    assert MachineStatusChange.objects.filter(machine__lab=demo_lab).count() == 3
    assert RETIRED_SLUG not in machine_list(lab=demo_lab).values_list("slug", flat=True)


def test_machines_have_specs_photos_descriptions_and_hours(demo_lab):
    machines = Machine.objects.filter(lab=demo_lab)
    assert all(m.photo and m.description and m.brand and m.space_id for m in machines)
    printer = machines.get(slug="prusa-mk4-1")
    assert (printer.size_x_mm, printer.size_y_mm, printer.size_z_mm) == (250, 210, 220)
    assert "PETG" in printer.materials_list
    laser = machines.get(slug="trotec-speedy-300")
    assert laser.size_x_mm == 726 and laser.documents.count() == 2
    reading = UsageEntry.objects.filter(machine=laser, kind="correction").earliest("created_at")
    assert reading.total_after == Decimal("1284.75") and reading.reason
    assert machines.filter(usage_hours__gt=0).count() >= 8


def test_spaces_with_a_bookable_meeting_room(demo_lab):
    spaces = Space.objects.filter(lab=demo_lab)
    assert {"Atelier numérique", "Atelier bois", "Salle électronique"} <= {s.name for s in spaces}
    room = spaces.get(name="Salle de réunion")
    assert room.bookable and room.capacity == 12
    assert all(space.photo for space in spaces)


def test_a_second_run_adds_nothing_and_keeps_changes(demo_lab):
    laser = Machine.objects.get(lab=demo_lab, slug="trotec-speedy-300")
    laser.name = "Trotec (renamed by staff)"
    laser.save()
    before = (Machine.objects.count(), MachineStatusChange.objects.count())

    call_command("demo", stdout=StringIO())

    assert (Machine.objects.count(), MachineStatusChange.objects.count()) == before
    laser.refresh_from_db()
    assert laser.name == "Trotec (renamed by staff)"
