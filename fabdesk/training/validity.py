"""How long a certification lasts: expiry after N months, lapse after N months without use.

Months are calendar months in the lab's time zone: a certification granted on 31 January for
one month expires at the end of 28 (or 29) February, never in March."""

import calendar
import datetime as dt
import zoneinfo


def add_months(moment: dt.datetime, months: int, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """The same wall-clock time `months` later in `tz`, the day clamped to the month's end."""
    local = moment.astimezone(tz)
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day, tzinfo=None).replace(tzinfo=tz)


def expiry_for(*, granted_at: dt.datetime, validity_months: int | None, tz) -> dt.datetime | None:
    """When a certification granted at `granted_at` expires (None: never)."""
    if not validity_months:
        return None
    return add_months(granted_at, validity_months, tz)


def lapse_for(*, last_use: dt.datetime, lapse_months: int | None, tz) -> dt.datetime | None:
    """When a certification lapses if the machine is not used again after `last_use`."""
    if not lapse_months:
        return None
    return add_months(last_use, lapse_months, tz)
