"""How does the booking engine hold a rush, behind a real server, with a long history?

Builds, in its own PostgreSQL database, a lab open every day 00:00-23:59, 10 machines that no
training unlocks with a permissive booking rule (15-minute step, up to 8 h, 365 days ahead),
60 members with an API token each, and a history of 100,000 past bookings (one in five
cancelled; sequential per machine, so none overlap). It counts the SQL queries of one booking
and one availability call in-process with 1,000 then 100,000 past bookings, then starts
gunicorn (production settings, 2 sync workers) and measures over HTTP:
(a) 50 clients booking the same slot at once (a barrier), 5 rounds: exactly one 201 a round;
(b) 20 clients booking distinct slots for 10 s: bookings/s, p50/p95 latency;
(c) /healthz with 20 clients for 10 s: requests/s, the server's ceiling; ratio (b)/(c);
(d) availability of one machine over a month, 200 calls: p50/p95;
then restarts gunicorn with --threads 8 and repeats (a).

Run: .venv/bin/python benchmarks/booking_rush.py   (drops and recreates the database
fabdesk_bench_rush on postgres://postgres@127.0.0.1:5432; FABDESK_BENCH_RUSH_URL overrides it;
never point it at real data). Takes about two minutes. Prints a table; passes or fails
nothing. Last seen on 2026-11-29, 2 cores, PostgreSQL 15 (details and earlier runs in
benchmarks/README.md): every rush round 1 x 201 + 49 x 409 (sync and --threads 8), 155
bookings/s (p50 112 ms, p95 219 ms) against 154 /healthz requests/s, a month of availability
p50 7-13 ms, p95 8-18 ms over HTTP; 13-14 queries a booking and 8 an availability call, with
1,000 as with 100,000 past bookings.
"""

import datetime as dt
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

DB_URL = os.environ.get(
    "FABDESK_BENCH_RUSH_URL", "postgres://postgres@127.0.0.1:5432/fabdesk_bench_rush"
)
MACHINES, MEMBERS, HISTORY, SMALL_HISTORY = 10, 60, 100_000, 1_000
RUSH_CLIENTS, RUSH_ROUNDS, LOAD_CLIENTS, LOAD_SECONDS, AVAILABILITY_CALLS = 50, 5, 20, 10, 200
ROOT = Path(__file__).resolve().parent.parent


def recreate_database() -> None:
    url = urllib.parse.urlparse(DB_URL)
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True)  # noqa: S603, S607


recreate_database()
os.environ["FABDESK_DATABASE_URL"] = DB_URL
from harness import fresh_database  # noqa: E402

fresh_database()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from fabdesk.booking.models import Booking, BookingRule, BookingStatus  # noqa: E402
from fabdesk.core.models import Lab  # noqa: E402
from fabdesk.equipment.models import Machine, MachineCategory  # noqa: E402
from fabdesk.members.models import User  # noqa: E402
from fabdesk.schedule.models import WeeklyRange  # noqa: E402
from fabdesk.tokens.services import token_create  # noqa: E402

QUARTER = dt.timedelta(minutes=15)


def build():
    lab = Lab.objects.create(name="Rush Lab", slug="rush")
    WeeklyRange.objects.bulk_create(
        WeeklyRange(lab=lab, weekday=day, opens_at=dt.time(0), closes_at=dt.time(23, 59))
        for day in range(7)
    )
    category = MachineCategory.objects.create(lab=lab, name="Lasers", slug="lasers")
    Machine.objects.bulk_create(
        Machine(lab=lab, name=f"Laser {n}", slug=f"laser-{n}", category=category, bookable=True)
        for n in range(MACHINES)
    )
    BookingRule.objects.create(
        lab=lab, slot_minutes=15, min_minutes=15, max_minutes=480, advance_days=365,
        notice_minutes=0, cancel_hours=0, buffer_minutes=0, requires_certification=True,
    )  # fmt: skip
    User.objects.bulk_create(
        User(email=f"m{n}@rush.test", lab=lab, password="!")  # noqa: S106 (unusable)
        for n in range(MEMBERS)
    )
    members = list(User.objects.filter(lab=lab).order_by("pk"))
    tokens = [token_create(user=member, name="bench")[1] for member in members]
    return lab, list(Machine.objects.filter(lab=lab).order_by("pk")), members, tokens


def add_history(lab, machines, members, first: int, last: int) -> None:
    """Past bookings number first..last-1 of each machine, counting back from an hour ago:
    one hour each, an hour apart, one in five cancelled."""
    anchor = timezone.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=1)
    batch: list[Booking] = []
    for m, machine in enumerate(machines):
        for j in range(first, last):
            end = anchor - dt.timedelta(hours=2 * j)
            cancelled = j % 5 == 4
            batch.append(Booking(
                lab=lab, machine=machine, member=members[(j + m) % len(members)],
                start=end - dt.timedelta(hours=1), end=end, blocked_until=end,
                status=BookingStatus.CANCELLED if cancelled else BookingStatus.CONFIRMED,
                cancelled_at=end if cancelled else None,
            ))  # fmt: skip
            if len(batch) == 5_000:
                Booking.objects.bulk_create(batch)
                batch = []
    Booking.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE booking_booking")


def day_start(days_ahead: int, lab) -> dt.datetime:
    today = timezone.localdate(timezone=lab.tzinfo)
    return dt.datetime.combine(today + dt.timedelta(days=days_ahead), dt.time(0), lab.tzinfo)


def booking_body(machine, start: dt.datetime, length=QUARTER) -> str:
    return json.dumps(
        {"machine": machine.pk, "start": start.isoformat(), "end": (start + length).isoformat()}
    )


def month_query(machine, start: dt.datetime) -> str:
    window = {"start": start.isoformat(), "end": (start + dt.timedelta(days=30)).isoformat()}
    return f"/api/v1/machines/{machine.pk}/availability?{urllib.parse.urlencode(window)}"


def in_process_queries(lab, machine, token: str, days_ahead: int) -> tuple:
    """Queries of one booking (status must be 201) and one month of availability over the
    history's most recent month, through Django's test client in this process, and the
    median time of that availability call without HTTP (ms)."""
    client = Client()
    body = booking_body(machine, day_start(days_ahead, lab) + dt.timedelta(hours=10))
    with CaptureQueriesContext(connection) as booking_queries:
        response = client.post("/api/v1/bookings", body, content_type="application/json",
                               headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert response.status_code == 201, response.content
    booking_count = len(booking_queries)  # read now: the next request empties the log
    past_month = day_start(-30, lab)
    with CaptureQueriesContext(connection) as availability_queries:
        response = client.get(month_query(machine, past_month))
    assert response.status_code == 200, response.content
    availability_count = len(availability_queries)
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        client.get(month_query(machine, past_month))
        timings.append(time.perf_counter() - started)
    slots = len(response.json()["slots"])
    return booking_count, availability_count, slots, percentile(sorted(timings), 50)


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, threads: int = 1) -> None:
        self.port = free_port()
        self.data_dir = tempfile.mkdtemp(prefix="fabdesk-rush-")
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="fabdesk.settings.production",
            FABDESK_SECRET_KEY=secrets.token_urlsafe(64),
            FABDESK_ALLOWED_HOSTS="127.0.0.1",
            FABDESK_SSL_REDIRECT="false",
            FABDESK_DATABASE_URL=DB_URL,
            FABDESK_DATA_DIR=self.data_dir,
            FABDESK_LOG_LEVEL="WARNING",
        )
        command = [str(ROOT / ".venv/bin/gunicorn"), "fabdesk.wsgi:application",
                   "--bind", f"127.0.0.1:{self.port}", "--workers", "2",
                   "--threads", str(threads), "--backlog", "256"]  # fmt: skip
        self.log = open(Path(self.data_dir) / "gunicorn.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log,  # noqa: S603
                                        stderr=subprocess.STDOUT)  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if request(self.port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer; see {self.log.name}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def request(port: int, method: str, path: str, body: str | None = None, token: str = ""):
    """One HTTP request on a new connection: (status, parsed JSON or None, seconds)."""
    headers = {"Content-Type": "application/json"} if body else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection_ = HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        started = time.perf_counter()
        connection_.request(method, path, body=body, headers=headers)
        response = connection_.getresponse()
        raw = response.read()
        elapsed = time.perf_counter() - started
    finally:
        connection_.close()
    try:
        payload = json.loads(raw) if raw else None
    except ValueError:
        payload = None
    return response.status, payload, elapsed


def run_threads(count: int, fn) -> list:
    results: list = [None] * count

    def target(i: int) -> None:
        try:
            results[i] = fn(i)
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def rush(server: Server, lab, machine, tokens, days_ahead: int) -> list[dict]:
    """RUSH_ROUNDS rounds of RUSH_CLIENTS members posting the same slot at once."""
    rounds = []
    for r in range(RUSH_ROUNDS):
        start = day_start(days_ahead + r, lab) + dt.timedelta(hours=14)
        body = booking_body(machine, start, dt.timedelta(hours=1))
        barrier = threading.Barrier(RUSH_CLIENTS)

        def one(i: int, body=body, barrier=barrier):
            barrier.wait()
            status, payload, elapsed = request(server.port, "POST", "/api/v1/bookings", body,
                                               tokens[i])  # fmt: skip
            return status, (payload or {}).get("code", ""), elapsed

        results = run_threads(RUSH_CLIENTS, one)
        answers = [result for result in results if isinstance(result, tuple)]
        stored = Booking.objects.filter(
            machine=machine, start=start, status=BookingStatus.CONFIRMED
        ).count()
        rounds.append({
            "201": sum(1 for s, _, _ in answers if s == 201),
            "409 slot_taken": sum(1 for s, c, _ in answers if s == 409 and c == "slot_taken"),
            "other": sorted({f"{s} {c}" for s, c, _ in answers if s not in (201, 409)}
                            | {repr(r) for r in results if not isinstance(r, tuple)}),
            "stored": stored,
            "slowest_ms": max((e for _, _, e in answers), default=0) * 1000,
        })  # fmt: skip
    return rounds


def sustained(server: Server, clients: int, seconds: float, make_request) -> dict:
    """`clients` threads sending make_request(i, k) back to back for `seconds`."""
    stop_at = time.monotonic() + seconds

    def one(i: int):
        answers = []
        k = 0
        while time.monotonic() < stop_at:
            answers.append(make_request(i, k))
            k += 1
        return answers

    started = time.perf_counter()
    results = run_threads(clients, one)
    elapsed = time.perf_counter() - started
    answers = [a for result in results if isinstance(result, list) for a in result]
    latencies = sorted(a[2] for a in answers)
    statuses: dict = {}
    for status, code, _ in answers:
        key = f"{status} {code}".strip()
        statuses[key] = statuses.get(key, 0) + 1
    errors = [repr(r) for r in results if not isinstance(r, list)]
    return {"rate": len(answers) / elapsed, "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95), "statuses": statuses, "errors": errors}  # fmt: skip


def percentile(values: list[float], p: int) -> float:
    """The p-th percentile of sorted seconds, in milliseconds."""
    if not values:
        return float("nan")
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] * 1000


def distinct_bookings(server: Server, lab, machines, tokens, days_ahead: int):
    """Client i books quarter-hours on machine i % MACHINES, in its own band of days."""

    def make(i: int, k: int):
        band = day_start(days_ahead + (i // MACHINES) * 60, lab)
        start = band + k * QUARTER
        status, payload, elapsed = request(
            server.port, "POST", "/api/v1/bookings",
            booking_body(machines[i % MACHINES], start), tokens[i],
        )  # fmt: skip
        return status, "" if status == 201 else (payload or {}).get("code", ""), elapsed

    return sustained(server, LOAD_CLIENTS, LOAD_SECONDS, make)


def healthz_load(server: Server):
    def make(i: int, k: int):
        status, _, elapsed = request(server.port, "GET", "/healthz")
        return status, "", elapsed

    return sustained(server, LOAD_CLIENTS, LOAD_SECONDS, make)


def availability_calls(server: Server, path: str) -> dict:
    latencies, statuses = [], set()
    for _ in range(AVAILABILITY_CALLS):
        status, _, elapsed = request(server.port, "GET", path)
        statuses.add(status)
        latencies.append(elapsed)
    latencies.sort()
    return {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
            "statuses": sorted(statuses)}  # fmt: skip


def overlaps_count(lab) -> int:
    """Pairs of confirmed bookings of one machine whose blocked times overlap (must be 0)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM booking_booking a JOIN booking_booking b"
            " ON a.machine_id = b.machine_id AND a.id < b.id"
            " AND a.start < b.blocked_until AND b.start < a.blocked_until"
            " WHERE a.status = 'confirmed' AND b.status = 'confirmed' AND a.lab_id = %s",
            [lab.pk],
        )
        return cursor.fetchone()[0]


def main() -> None:
    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    t0 = time.perf_counter()
    lab, machines, members, tokens = build()
    per_machine_small = SMALL_HISTORY // MACHINES
    add_history(lab, machines, members, 0, per_machine_small)
    small = in_process_queries(lab, machines[1], tokens[0], days_ahead=300)
    t1 = time.perf_counter()
    add_history(lab, machines, members, per_machine_small, HISTORY // MACHINES)
    history_seconds = time.perf_counter() - t1
    large = in_process_queries(lab, machines[1], tokens[0], days_ahead=301)
    past = Booking.objects.filter(lab=lab, start__lt=timezone.now()).count()
    say(f"data built in {time.perf_counter() - t0:.0f} s ({past:,} past bookings; the last "
        f"{HISTORY - SMALL_HISTORY:,} with bulk_create in {history_seconds:.1f} s)")  # fmt: skip
    say("\nSQL queries in-process (Django test client, same database)")
    say(f"  {'history':>10}  {'POST booking':>12}  {'GET availability (month)':>24}")
    for label, (booking_q, availability_q, slots, median) in (
        (f"{SMALL_HISTORY:,}", small),
        (f"{past:,}", large),
    ):
        say(
            f"  {label:>10}  {booking_q:>12}  {availability_q:>17} ({slots} free slots, "
            f"{median:.1f} ms without HTTP)"
        )

    server = Server(threads=1)
    try:
        say(f"\ngunicorn, 2 sync workers, port {server.port}, {os.cpu_count()} cores")
        rush_sync = rush(server, lab, machines[0], tokens, days_ahead=10)
        load = distinct_bookings(server, lab, machines, tokens, days_ahead=40)
        ceiling = healthz_load(server)
        busy_month = availability_calls(server, month_query(machines[0], day_start(-30, lab)))
        next_month = availability_calls(server, month_query(machines[0], day_start(1, lab)))
    finally:
        server.stop()
    server = Server(threads=8)
    try:
        rush_threads = rush(server, lab, machines[0], tokens, days_ahead=20)
    finally:
        server.stop()

    for title, rounds in (("(a) rush, 2 sync workers", rush_sync),
                          ("(a') rush, 2 workers x 8 threads", rush_threads)):  # fmt: skip
        say(f"\n{title}: {RUSH_CLIENTS} clients on one slot, {RUSH_ROUNDS} rounds")
        for n, r in enumerate(rounds, 1):
            say(f"  round {n}: 201 x{r['201']}, 409 slot_taken x{r['409 slot_taken']}, "
                f"stored {r['stored']}, other {r['other'] or '-'}, "
                f"slowest {r['slowest_ms']:.0f} ms")  # fmt: skip
    say(f"\n(b) {LOAD_CLIENTS} clients booking distinct slots for {LOAD_SECONDS} s: "
        f"{load['rate']:.1f} bookings/s, p50 {load['p50']:.0f} ms, p95 {load['p95']:.0f} ms, "
        f"answers {load['statuses']} {load['errors'] or ''}")  # fmt: skip
    say(f"(c) /healthz, {LOAD_CLIENTS} clients for {LOAD_SECONDS} s: {ceiling['rate']:.1f} "
        f"requests/s, p50 {ceiling['p50']:.0f} ms, p95 {ceiling['p95']:.0f} ms, "
        f"answers {ceiling['statuses']} {ceiling['errors'] or ''}")  # fmt: skip
    say(f"    ratio (b)/(c): {load['rate'] / ceiling['rate']:.0%}")
    say(f"(d) availability of one machine over 30 days, {AVAILABILITY_CALLS} calls:")
    say(
        f"    last month (dense history): p50 {busy_month['p50']:.1f} ms, "
        f"p95 {busy_month['p95']:.1f} ms, statuses {busy_month['statuses']}"
    )
    say(
        f"    next month:                 p50 {next_month['p50']:.1f} ms, "
        f"p95 {next_month['p95']:.1f} ms, statuses {next_month['statuses']}"
    )
    say(f"\noverlapping confirmed bookings in the database: {overlaps_count(lab)}")


if __name__ == "__main__":
    sys.exit(main())
