"""What every benchmark here shares: a throw-away database, Django set up against it, a timer
that also counts SQL queries, and the table it prints. Import it first:

    from harness import Table, fresh_database
    fresh_database()          # sets up Django; the script then imports fabdesk's modules

The database is a new SQLite file in a temporary folder, unless FABDESK_DATABASE_URL names
one (it is emptied: never point it at real data)."""

import os
import sys
import tempfile
import time
from pathlib import Path


def fresh_database() -> None:
    workdir = tempfile.mkdtemp(prefix="fabdesk-bench-")
    os.environ.setdefault("FABDESK_DATABASE_URL", f"sqlite:///{Path(workdir) / 'bench.sqlite3'}")
    os.environ["FABDESK_DATA_DIR"] = workdir
    os.environ["DJANGO_SETTINGS_MODULE"] = "fabdesk.settings.test"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)


class Table:
    """Rows of (what, time, queries), printed aligned under a title."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.rows: list[tuple[str, str, int]] = []

    def timed(self, label: str, fn):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = fn()
            elapsed = time.perf_counter() - start
        self.rows.append((label, f"{elapsed * 1000:,.0f} ms", len(queries)))
        return result

    def print(self) -> None:
        from django.db import connection

        print(f"\n{self.title} · {connection.vendor} · {os.cpu_count()} cores\n")
        width = max(len(label) for label, _, _ in self.rows)
        print(f"{'what':<{width}}  {'time':>10}  {'queries':>7}")
        for label, elapsed, queries in self.rows:
            print(f"{label:<{width}}  {elapsed:>10}  {queries:>7}")
