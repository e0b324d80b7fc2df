"""One week of opening hours, day by day, as the public page shows it: each day's ranges in
the lab's wall-clock time and the closures and exceptional openings that explain them."""

import datetime as dt
from dataclasses import dataclass, field

from fabdesk.core.timeutils import at_wall_clock

from .models import Closure, ExceptionalOpening
from .selectors import opening_ranges


@dataclass
class Day:
    date: dt.date
    is_today: bool
    ranges: list[tuple[dt.time, dt.time]] = field(default_factory=list)
    closures: list[Closure] = field(default_factory=list)
    openings: list[ExceptionalOpening] = field(default_factory=list)


def week_days(*, lab, monday: dt.date, today: dt.date) -> list[Day]:
    tz = lab.tzinfo
    sunday = monday + dt.timedelta(days=6)
    days = [Day(date=monday + dt.timedelta(days=n), is_today=False) for n in range(7)]
    by_date = {day.date: day for day in days}
    if today in by_date:
        by_date[today].is_today = True
    start = at_wall_clock(monday, dt.time(), tz)
    end = at_wall_clock(sunday + dt.timedelta(days=1), dt.time(), tz)
    for opens, closes in opening_ranges(lab=lab, start=start, end=end):
        by_date[opens.astimezone(tz).date()].ranges.append(
            (opens.astimezone(tz), closes.astimezone(tz))
        )
    for closure in Closure.objects.filter(lab=lab, start_date__lte=sunday, end_date__gte=monday):
        for day in days:
            if closure.start_date <= day.date <= closure.end_date:
                day.closures.append(closure)
    for opening in ExceptionalOpening.objects.filter(lab=lab, date__gte=monday, date__lte=sunday):
        by_date[opening.date].openings.append(opening)
    return days
