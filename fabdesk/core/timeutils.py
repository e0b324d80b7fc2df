"""Time: aware datetimes stored in UTC, shown in the lab's time zone."""

import datetime as dt
import zoneinfo

from django.utils import timezone


def lab_now(tz: zoneinfo.ZoneInfo) -> dt.datetime:
    return timezone.now().astimezone(tz)


def lab_today(tz: zoneinfo.ZoneInfo) -> dt.date:
    return lab_now(tz).date()


def at_wall_clock(day: dt.date, time: dt.time, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """The aware instant for a wall-clock time on a given day in the lab's zone (DST-safe)."""
    return dt.datetime.combine(day, time, tzinfo=tz)
