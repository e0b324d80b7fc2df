"""How do the workshop pages hold up in a big lab (or a network's biggest lab)?

Builds a lab with 300 machines in 10 categories and 6 spaces, a maintenance plan on each
machine (a third of them overdue), and 1,500 incidents (300 open), in a fresh SQLite
database (or the PostgreSQL database named by FABDESK_DATABASE_URL, which it empties first:
never point it at real data). Then times, as a staff member through Django's test client:
the public catalogue (anonymous and filtered), a machine page with its timeline, the QR
label sheet of all 300 machines (WeasyPrint), the maintenance due list, the incidents list,
the staff board, and the hourly maintenance check.

Run: .venv/bin/python benchmarks/workshop_at_scale.py
Prints a table; passes or fails nothing. Last seen on 2026-11-29, 2 cores, SQLite:
    catalogue 18-270 ms (4-5 queries), machine page with timeline 38 ms (16 queries),
    QR label sheet of 300 machines 7.6 s, due list 97 ms, incidents list 71 ms, /today/
    41 ms, maintenance check 0.46 s first run (705 queries: about 2 per plan), 64 ms after.
"""

import datetime as dt
from decimal import Decimal

MACHINES = 300
INCIDENTS = 1_500

from harness import Table, fresh_database  # noqa: E402

fresh_database()

from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from fabdesk.core.models import Lab  # noqa: E402
from fabdesk.equipment.models import Machine, MachineCategory, Space  # noqa: E402
from fabdesk.incidents.models import Incident  # noqa: E402
from fabdesk.maintenance.models import MaintenancePlan  # noqa: E402
from fabdesk.maintenance.services import maintenance_check  # noqa: E402
from fabdesk.members.models import User  # noqa: E402
from fabdesk.members.roles import Role, role_set  # noqa: E402


def build():
    lab = Lab.objects.create(name="Bench Lab", slug="bench")
    kinds = [k for k, _ in MachineCategory.Kind.choices]
    categories = [
        MachineCategory.objects.create(
            lab=lab, name=f"Cat {n}", slug=f"cat-{n}", kind=kinds[n % len(kinds)]
        )
        for n in range(10)
    ]
    spaces = [Space.objects.create(lab=lab, name=f"Room {n}", slug=f"room-{n}") for n in range(6)]
    Machine.objects.bulk_create(
        Machine(
            lab=lab, name=f"Machine {n}", slug=f"machine-{n}", category=categories[n % 10],
            space=spaces[n % 6], usage_hours=Decimal(n), size_x_mm=300, size_y_mm=200,
            status={8: "out_of_order", 9: "maintenance"}.get(n % 10, "in_service"),
        )
        for n in range(MACHINES)
    )  # fmt: skip
    staff = User.objects.create_user("staff@bench.test", "bench-staff", lab=lab)
    role_set(user=staff, role=Role.STAFF)
    reporter = User.objects.create_user("member@bench.test", "bench-member", lab=lab)
    machines = list(Machine.objects.filter(lab=lab))
    long_ago = timezone.now() - dt.timedelta(days=90)
    MaintenancePlan.objects.bulk_create(
        MaintenancePlan(
            machine=m, title=f"Plan {m.pk}", every_days=30 if m.pk % 3 == 0 else 365,
            last_done_at=long_ago, last_done_hours=m.usage_hours,
        )
        for m in machines
    )  # fmt: skip
    Incident.objects.bulk_create(
        Incident(
            lab=lab, machine=machines[n % MACHINES], reporter=reporter,
            description=f"Problem {n}", status="reported" if n % 5 == 0 else "resolved",
            resolution="" if n % 5 == 0 else "Fixed",
        )
        for n in range(INCIDENTS)
    )  # fmt: skip
    return lab, staff, machines


def main() -> None:
    table = Table("Fabdesk workshop at scale")
    lab, staff, machines = table.timed(f"build {MACHINES} machines, {INCIDENTS:,} incidents", build)
    visitor, client = Client(), Client()
    client.force_login(staff)
    pages = [
        ("catalogue, visitor", visitor, "/machines/"),
        ("catalogue, one category", visitor, f"/machines/?category={machines[0].category_id}"),
        ("machine page with timeline, staff", client, f"/machines/{machines[7].pk}/"),
        (f"QR label sheet, {MACHINES} machines", client, "/machines/labels.pdf"),
        ("maintenance due list", client, "/maintenance/"),
        ("incidents list (open first)", client, "/incidents/"),
        ("staff board /today/", client, "/today/"),
    ]
    for label, who, url in pages:
        response = table.timed(label, lambda who=who, url=url: who.get(url))
        assert response.status_code == 200, (url, response.status_code)
    result = table.timed("maintenance check (first run)", lambda: maintenance_check(lab=lab))
    table.timed("maintenance check (again)", lambda: maintenance_check(lab=lab))
    table.print()
    print(f"\noverdue plans found by the check: {getattr(result, 'overdue', result)}")


if __name__ == "__main__":
    main()
