"""Reading what a confirmation form holds, for the price shown before confirming: the booking
forms' `date`, `start_time` and `duration` (minutes) or `end_time`, `people` and (staff)
`member_email`; the registration form's `category` and `seats`. The same reading serves the
first page (a form's bound or initial values) and the live refresh (the form's fields sent
by htmx on each change, under the form's prefix). Anything missing or malformed: no price
shown (the form's own validation speaks)."""

import datetime as dt
from collections.abc import Mapping

from fabdesk.core.timeutils import at_wall_clock
from fabdesk.members.models import User
from fabdesk.members.permissions import is_staff

FIELDS = ("date", "start_time", "duration", "end_time", "people", "member_email", "category",
          "seats")  # fmt: skip


def form_values(form) -> dict:
    """A Django form's current values by field name (bound data, else initial; a select
    without a value shows its first choice)."""
    values = {}
    for name in FIELDS:
        if name not in form.fields:
            continue
        value = form[name].value()
        choices = getattr(form.fields[name], "choices", None)
        if value in (None, "") and choices:
            value = next(iter(choices))[0]
        values[name] = value
    return values


def query_values(query: Mapping, prefix: str = "") -> dict:
    """The fields of a form posted under `prefix` (as htmx sends them)."""
    lead = f"{prefix}-" if prefix else ""
    return {name: query.get(lead + name) for name in FIELDS if query.get(lead + name) is not None}


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _time(value) -> dt.time | None:
    if isinstance(value, dt.time):
        return value
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError:
        return None


def whole(value, *, least: int = 1) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if number >= least else None


def booking_times(values: Mapping, tz) -> tuple[dt.datetime, dt.datetime] | None:
    """The aware start and end the booking forms mean, on the lab's wall clock."""
    day, start_time = _date(values.get("date")), _time(values.get("start_time"))
    if day is None or start_time is None:
        return None
    start = at_wall_clock(day, start_time, tz)
    minutes = whole(values.get("duration"))
    if minutes is not None:
        return start, start + dt.timedelta(minutes=minutes)
    end_time = _time(values.get("end_time"))
    if end_time is None:
        return None
    end = at_wall_clock(day, end_time, tz)
    if end_time == dt.time(0):  # ending at midnight: the next day's
        end += dt.timedelta(days=1)
    return (start, end) if end > start else None


def member_for(user, values: Mapping):
    """Who the price is for: the user, or for staff the member named by `member_email`
    (None when no member of the lab has it)."""
    email = (values.get("member_email") or "").strip()
    if not email or not is_staff(user):
        return user
    return User.objects.filter(lab_id=user.lab_id, email__iexact=email).first()
