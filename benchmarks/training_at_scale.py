"""How fast is the one certification check, and the pages built on it, in a big lab?

Builds a lab with 200 machines in 10 categories, 20 trainings (one per category, plus ten
with a prerequisite), 2,000 members holding about three certifications each, then times:
- certification_check for one member on every machine (what a booking or a door asks);
- the member's passport page (every machine of the lab, checked);
- the access-check API, as a door would call it, 100 times;
- 60 members enrolling at once in a 12-seat session (seats, then the waitlist);
- the expiry reminders and the auto-cancel runs over all certifications and sessions.
Fresh SQLite database (or the PostgreSQL one named by FABDESK_DATABASE_URL, which it empties
first: never point it at real data).

Run: .venv/bin/python benchmarks/training_at_scale.py
Prints a table; passes or fails nothing. Last seen on 2026-11-29, 2 cores, SQLite:
    certification_check on 200 machines 0.6 s (470 queries: about 3 ms and 2.4 queries a
    machine), passport page 0.55 s (83 queries), access-check API 11 ms a call (10 queries),
    60 enrolments racing for 12 seats 0.73 s (12 seated, 48 waitlisted), 2,000 expiry
    reminders 12.8 s (about 6 ms each, mail rendered in the member's language).
"""

import datetime as dt

MACHINES, MEMBERS = 200, 2_000

from harness import Table, fresh_database  # noqa: E402

fresh_database()

from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from fabdesk.core.models import Lab  # noqa: E402
from fabdesk.equipment.models import Machine, MachineCategory  # noqa: E402
from fabdesk.members.models import User  # noqa: E402
from fabdesk.members.roles import Role, role_set  # noqa: E402
from fabdesk.training.certification_check import certification_check  # noqa: E402
from fabdesk.training.enrolment_services import enrolment_create  # noqa: E402
from fabdesk.training.models import Certification, Training, TrainingSession  # noqa: E402
from fabdesk.training.reminders import certifications_remind  # noqa: E402
from fabdesk.training.session_services import sessions_auto_cancel  # noqa: E402


def build():
    lab = Lab.objects.create(name="Bench Lab", slug="bench")
    categories = [
        MachineCategory.objects.create(lab=lab, name=f"Cat {n}", slug=f"cat-{n}") for n in range(10)
    ]
    Machine.objects.bulk_create(
        Machine(lab=lab, name=f"M{n}", slug=f"m-{n}", category=categories[n % 10])
        for n in range(MACHINES)
    )
    trainings = []
    for n, category in enumerate(categories):
        training = Training.objects.create(
            lab=lab, title=f"T{n}", slug=f"t-{n}", validity_months=24, lapse_months=12
        )
        training.categories.add(category)
        trainings.append(training)
    for n in range(10):  # advanced trainings on single machines, with a prerequisite
        advanced = Training.objects.create(lab=lab, title=f"Adv{n}", slug=f"adv-{n}")
        advanced.machines.add(Machine.objects.filter(lab=lab)[n * 20])
        advanced.prerequisites.add(trainings[n])
    User.objects.bulk_create(
        User(email=f"m{n}@bench.test", lab=lab, password="!")  # noqa: S106 (unusable)
        for n in range(MEMBERS)
    )
    members = list(User.objects.filter(lab=lab))
    now = timezone.now()
    Certification.objects.bulk_create(
        Certification(
            member=member, training=trainings[(i + k) % 10], source="import",
            granted_at=now - dt.timedelta(days=30 * k),
            expires_at=now + dt.timedelta(days=(700, 370, 10)[k]),
        )
        for i, member in enumerate(members)
        for k in range(3)
    )  # fmt: skip
    staff = User.objects.create_user("staff@bench.test", "bench-staff", lab=lab)
    role_set(user=staff, role=Role.STAFF)
    session = TrainingSession.objects.create(
        training=trainings[0], starts_at=now + dt.timedelta(days=3),
        ends_at=now + dt.timedelta(days=3, hours=2), capacity=12,
    )  # fmt: skip
    return lab, staff, members, session


def main() -> None:
    table = Table("Fabdesk trainings at scale")
    lab, staff, members, session = table.timed(
        f"build {MACHINES} machines, {MEMBERS:,} members", build
    )
    member = members[0]
    machines = list(Machine.objects.filter(lab=lab).select_related("category"))
    allowed = table.timed(
        f"certification_check x {MACHINES} machines",
        lambda: sum(certification_check(member=member, machine=m).allowed for m in machines),
    )
    client = Client()
    client.force_login(member)
    assert (
        table.timed("passport page", lambda: client.get("/trainings/passport/")).status_code == 200
    )
    door = Client()
    door.force_login(staff)
    url = f"/api/v1/machines/{machines[5].pk}/access-check?member={member.pk}"
    table.timed("access-check API x 100", lambda: [door.get(url) for _ in range(100)])
    table.timed(
        "60 enrolments in a 12-seat session",
        lambda: [enrolment_create(actor=m, session=session, member=m) for m in members[1:61]],
    )
    table.timed(
        "expiry reminders (all certifications)",
        lambda: certifications_remind(now=timezone.now()),
    )
    table.timed("auto-cancel run", lambda: sessions_auto_cancel(now=timezone.now()))
    table.print()
    seated = session.enrolments.filter(status="enrolled").count()
    print(
        f"\nmachines the first member may use: {allowed} of {MACHINES}; seats given: {seated} of 12"
    )


if __name__ == "__main__":
    main()
