"""When is a maintenance plan due? Pure functions, no database.

A plan counts from when it was last done (or created): hours of use since then (the
machine's counter minus its value at that moment) and days since then, counted as calendar
days in the lab's time zone (so a daylight-saving day is one day, not 23 or 25 hours).

- **overdue**: the interval has fully elapsed: the hours of use since reach the interval
  (20 h of use on a "every 20 h" plan), or the due date has come (the 30th day after, on an
  "every 30 days" plan).
- **due soon**: within the last 10 % of the interval, and at least within 2 hours of use or
  3 days of it, but never more than half the interval ("every 20 h": from 18 h; "every 50 h":
  from 45 h; "every 30 days": 3 days before; "every 365 days": 36 days before; "every 2 days":
  the day before).
- **ok** otherwise. A plan due every N hours *and* every N days follows whichever comes first.

If the machine's counter was corrected below its value when the plan was last done, the
hours since count as zero (`counter_behind` says so; the hourly check then restarts the count
from the corrected value)."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

OK, DUE_SOON, OVERDUE = "ok", "due_soon", "overdue"
SEVERITY = {OK: 0, DUE_SOON: 1, OVERDUE: 2}

SOON_SHARE = Decimal("0.10")
SOON_MIN_HOURS = Decimal("2")
SOON_MIN_DAYS = Decimal("3")


@dataclass(frozen=True)
class Due:
    state: str  # OK, DUE_SOON, OVERDUE
    hours_since: Decimal
    days_since: int
    hours_left: Decimal | None  # negative when overdue; None without an hour interval
    next_due_hours: Decimal | None  # the counter's value at which the plan is due
    days_left: int | None  # negative when overdue; None without a day interval
    next_due_date: dt.date | None
    progress: Decimal  # share of the interval used (1 = due); the larger of the two
    counter_behind: bool = False

    @property
    def is_overdue(self) -> bool:
        return self.state == OVERDUE

    @property
    def is_due_soon(self) -> bool:
        return self.state == DUE_SOON


def soon_margin(interval: Decimal, minimum: Decimal) -> Decimal:
    """How close to the limit a plan is "due soon": 10 % of the interval, at least `minimum`,
    at most half the interval."""
    return min(max(interval * SOON_SHARE, minimum), interval / 2)


def _state(left: Decimal, interval: Decimal, minimum: Decimal) -> str:
    if left <= 0:
        return OVERDUE
    if left <= soon_margin(interval, minimum):
        return DUE_SOON
    return OK


def compute_due(
    *,
    every_hours: int | Decimal | None,
    every_days: int | None,
    last_done_at: dt.datetime,
    last_done_hours: Decimal,
    usage_hours: Decimal,
    now: dt.datetime,
    tz: zoneinfo.ZoneInfo,
) -> Due:
    """Where a plan stands at `now` (see the module's docstring for the rules)."""
    if not every_hours and not every_days:
        raise ValueError("a maintenance plan needs an interval in hours or in days")
    raw_hours = Decimal(usage_hours) - Decimal(last_done_hours)
    hours_since = max(raw_hours, Decimal("0"))
    last_day = last_done_at.astimezone(tz).date()
    days_since = max((now.astimezone(tz).date() - last_day).days, 0)
    states = [OK]
    progress = Decimal("0")
    hours_left = next_due_hours = days_left = next_due_date = None
    if every_hours:
        interval = Decimal(every_hours)
        hours_left = interval - hours_since
        next_due_hours = Decimal(last_done_hours) + interval
        states.append(_state(hours_left, interval, SOON_MIN_HOURS))
        progress = max(progress, hours_since / interval)
    if every_days:
        next_due_date = last_day + dt.timedelta(days=every_days)
        days_left = every_days - days_since
        states.append(_state(Decimal(days_left), Decimal(every_days), SOON_MIN_DAYS))
        progress = max(progress, Decimal(days_since) / Decimal(every_days))
    return Due(
        state=max(states, key=SEVERITY.__getitem__),
        hours_since=hours_since,
        days_since=days_since,
        hours_left=hours_left,
        next_due_hours=next_due_hours,
        days_left=days_left,
        next_due_date=next_due_date,
        progress=progress,
        counter_behind=raw_hours < 0,
    )


def plan_due(plan, *, now: dt.datetime, tz: zoneinfo.ZoneInfo) -> Due:
    """compute_due for a MaintenancePlan (its machine already loaded)."""
    return compute_due(
        every_hours=plan.every_hours,
        every_days=plan.every_days,
        last_done_at=plan.last_done_at,
        last_done_hours=plan.last_done_hours,
        usage_hours=plan.machine.usage_hours,
        now=now,
        tz=tz,
    )
