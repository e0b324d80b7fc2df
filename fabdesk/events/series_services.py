"""Series: a course over several sessions (one registration for all of them) or a recurring
event (every first Saturday…), made from a simple rule into ordinary events that staff may
then change one by one.

Dates are computed as calendar days and each session is placed at the rule's wall-clock time
in the lab's zone, so a session at 14:00 stays at 14:00 across a daylight-saving change."""

import calendar
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fabdesk.core.errors import Invalid
from fabdesk.core.services import audit_record
from fabdesk.core.timeutils import at_wall_clock

from .models import EventSeries, Frequency, SeriesKind, WeekOfMonth
from .seats import lock_pool, seats_taken
from .services import category_new, event_create, require_staff, validated
from .waitlist import waitlist_promote

MAX_DATES = 200


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date | None:
    """The nth (1..4, or -1 for the last) such weekday of a month; None if there is none."""
    days = [
        week[weekday] for week in calendar.Calendar().monthdatescalendar(year, month)
        if week[weekday].month == month
    ]  # fmt: skip
    if nth == WeekOfMonth.LAST:
        return days[-1]
    return days[nth - 1] if nth - 1 < len(days) else None


def _weekly(starts_on: dt.date, weekday: int, interval: int):
    day = starts_on + dt.timedelta(days=(weekday - starts_on.weekday()) % 7)
    while True:
        yield day
        day += dt.timedelta(weeks=interval)


def _monthly(starts_on: dt.date, weekday: int, nth: int, interval: int):
    year, month = starts_on.year, starts_on.month
    while True:
        day = _nth_weekday(year, month, weekday, nth)
        if day is not None and day >= starts_on:
            yield day
        month += interval
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1


def series_dates(
    *,
    starts_on: dt.date,
    frequency: str,
    weekday: int,
    interval: int = 1,
    week_of_month: int | None = None,
    until: dt.date | None = None,
    count: int | None = None,
) -> list[dt.date]:
    """The days a rule gives, from `starts_on`, until `until` (included) or `count` days."""
    if until is None and count is None:
        raise Invalid(_("Give a last date or a number of dates."), code="no_end", field="until")
    if interval < 1:
        raise Invalid(_("Repeat at least every 1."), code="invalid", field="interval")
    if frequency == Frequency.MONTHLY:
        if week_of_month not in WeekOfMonth.values:
            raise Invalid(_("Choose which day of the month (first, second… last)."),
                          code="invalid", field="week_of_month")  # fmt: skip
        days = _monthly(starts_on, weekday, week_of_month, interval)
    else:
        days = _weekly(starts_on, weekday, interval)
    dates: list[dt.date] = []
    for day in days:
        if (until is not None and day > until) or (count is not None and len(dates) >= count):
            break
        if len(dates) >= MAX_DATES:
            raise Invalid(
                _("A series has at most %(max)s dates: choose an earlier last date.")
                % {"max": MAX_DATES},
                code="too_many_dates",
                field="until",
            )
        dates.append(day)
    if not dates:
        raise Invalid(_("This rule gives no date."), code="no_dates", field="until")
    return dates


RULE_FIELDS = [
    "frequency", "interval", "weekday", "week_of_month", "starts_on", "start_time", "end_time",
    "until", "count",
]  # fmt: skip


@transaction.atomic
def series_create(
    *,
    actor,
    lab,
    title: str,
    kind: str,
    rule: dict[str, Any],
    event_fields: dict[str, Any],
    categories: list[dict[str, Any]] | None = None,
    capacity: int | None = None,
    machines=(),
    trainers=(),
    invited=(),
    status: str = "draft",
) -> EventSeries:
    """A series and one event per date of `rule` (RULE_FIELDS), each made from
    `event_fields` (Event fields; start and end come from the rule). A course's tickets
    and `capacity` belong to the series (one registration for every session); a recurring
    event's are copied on each date (its capacity too)."""
    require_staff(actor, lab.pk)
    unknown = set(rule) - set(RULE_FIELDS)
    if unknown:
        raise ValueError(f"not rule fields: {sorted(unknown)}")
    series = EventSeries(
        lab=lab, title=title.strip(), kind=kind, capacity=capacity, created_by=actor, **rule
    )
    validated(series)
    dates = series_dates(
        starts_on=series.starts_on, frequency=series.frequency, weekday=series.weekday,
        interval=series.interval, week_of_month=series.week_of_month, until=series.until,
        count=series.count,
    )  # fmt: skip
    series.save()
    course = kind == SeriesKind.COURSE
    tickets = categories or [{"name": _("Free"), "audience": "free"}]
    if course:
        for data in tickets:
            category_new(series=series, **data)
    fields = {"title": series.title, **event_fields}
    if course:
        fields["capacity"] = None
    tz = lab.tzinfo
    for day in dates:
        event_create(
            actor=actor, lab=lab, series=series, status=status,
            categories=None if course else tickets,
            machines=machines, trainers=trainers, invited=invited,
            **{**fields, "starts_at": at_wall_clock(day, series.start_time, tz),
               "ends_at": at_wall_clock(day, series.end_time, tz)},
        )  # fmt: skip
    audit_record(actor=actor, target=series, action="events.series_created",
                 changes={"dates": len(dates)})  # fmt: skip
    return series


@transaction.atomic
def series_set_capacity(*, actor, series: EventSeries, capacity: int | None) -> EventSeries:
    """A course's seats: more go to its waitlist at once; fewer than taken is refused."""
    require_staff(actor, series.lab_id)
    series = lock_pool(series)
    taken = seats_taken(series)
    if capacity is not None and capacity < taken:
        raise Invalid(
            _("%(taken)s seats are already taken: the course cannot have fewer.")
            % {"taken": taken},
            code="capacity_below_taken",
            field="capacity",
        )
    before = series.capacity
    series.capacity = capacity
    validated(series)
    series.save(update_fields=["capacity"])
    audit_record(actor=actor, target=series, action="events.series_changed",
                 changes={"capacity": [before, capacity]})  # fmt: skip
    waitlist_promote(pool=series)
    return series
