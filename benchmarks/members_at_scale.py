"""How do the member pages and the CSV import hold up in a big lab?

Builds a lab with 10,000 members in a fresh SQLite database (or the PostgreSQL database named
by FABDESK_DATABASE_URL, which it empties first: never point it at real data), then times,
as a staff member through Django's test client:
- the member list (first page, a search, a filter), with its number of queries;
- the CSV export of every member;
- the import check (dry run) and the import itself of a 5,000-row file (the import limit).

Run: .venv/bin/python benchmarks/members_at_scale.py
Prints a table; passes or fails nothing. Last seen on 2026-11-29, 2 cores, SQLite in a
temporary file:
    member list, first page / search / filter, page 20   30-170 ms, 10 queries
    CSV export of 10,000 members                          1.2 s, 26 queries
    import check (dry run) of 5,000 rows                  0.3 s, 2 queries
    import of 5,000 rows (half new, half updates)         16 s, ~10 queries a row
"""

MEMBERS = 10_000
IMPORT_ROWS = 5_000

from harness import Table, fresh_database  # noqa: E402

fresh_database()

from django.test import Client  # noqa: E402

from fabdesk.core.models import Lab  # noqa: E402
from fabdesk.members.importing import import_check  # noqa: E402
from fabdesk.members.models import MemberGroup, User  # noqa: E402
from fabdesk.members.roles import Role, role_set  # noqa: E402
from fabdesk.members.services import member_import  # noqa: E402

FIRST = ["Camille", "Léa", "Hugo", "Inès", "Lucas", "Manon", "Nathan", "Chloé", "Jules", "Zoé"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand"]


def build() -> tuple[Lab, User]:
    lab = Lab.objects.create(name="Bench Lab", slug="bench")
    groups = [
        MemberGroup.objects.create(lab=lab, name=name, slug=slug, is_default=(slug == "adult"))
        for name, slug in [("Adulte", "adult"), ("Étudiant", "student"), ("Entreprise", "company")]
    ]
    User.objects.bulk_create(
        User(
            email=f"member{n}@bench.test",
            first_name=FIRST[n % len(FIRST)],
            last_name=f"{LAST[n % len(LAST)]}{n}",
            lab=lab,
            member_group=groups[n % 3],
            status=("active", "active", "active", "pending", "suspended")[n % 5],
            password="!",  # noqa: S106 (unusable)
        )
        for n in range(MEMBERS)
    )
    staff = User.objects.create_user("staff@bench.test", "bench-staff", lab=lab)
    role_set(user=staff, role=Role.STAFF)
    return lab, staff


def import_file() -> str:
    lines = ["email;first_name;last_name;group;city"]
    for n in range(IMPORT_ROWS):
        # half updates of existing members, half new people
        email = f"member{n * 2}@bench.test" if n % 2 else f"new{n}@bench.test"
        lines.append(f"{email};Prénom{n};Nom{n};student;Lyon")
    return "\n".join(lines) + "\n"


def main() -> None:
    table = Table("Fabdesk members at scale")
    lab, staff = table.timed(f"build a lab of {MEMBERS:,} members", build)
    client = Client()
    client.force_login(staff)
    for label, url in [
        ("member list, first page", "/members/"),
        ("member list, search 'Dubois'", "/members/?q=Dubois"),
        ("member list, pending, page 20", "/members/?status=pending&page=20"),
        ("member list, htmx table only", "/members/?status=active"),
    ]:
        headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in label else {}
        response = table.timed(label, lambda url=url, h=headers: client.get(url, **h))
        assert response.status_code == 200, (url, response.status_code)
    export = table.timed("CSV export, every member", lambda: client.get("/members/export.csv"))
    assert export.status_code == 200
    content = import_file()
    report = table.timed(
        f"import check of {IMPORT_ROWS:,} rows",
        lambda: import_check(actor=staff, lab=lab, content=content),
    )
    assert not report.rejected, report.rejected[:3]
    table.timed(
        f"import of {IMPORT_ROWS:,} rows",
        lambda: member_import(actor=staff, lab=lab, content=content),
    )
    table.print()
    print(f"\nmembers in the lab after the import: {User.objects.filter(lab=lab).count():,}")


if __name__ == "__main__":
    main()
