"""Reads of the opening hours. `opening_ranges` is what the booking engine asks: when is the
lab open between two instants? Each day's ranges are built from the wall clock in the lab's
time zone (never by adding 24 h), so 10:00 stays 10:00 across a daylight-saving change."""

import datetime as dt

from fabdesk.core.timeutils import at_wall_clock, lab_today

from .models import Closure, ExceptionalOpening, WeeklyRange

UTC = dt.UTC
MIDNIGHT = dt.time(0, 0)
# A whole-day closure ends at the next midnight; wall-clock intervals of one day are kept as
# (time, time | None) where None stands for that next midnight.
Span = tuple[dt.time, dt.time | None]


def _instant(day: dt.date, time: dt.time, tz) -> dt.datetime:
    """The UTC instant of a wall-clock time; a time the clocks skip (02:30 the night they go
    forward) becomes the moment of the change, so a range inside the gap is empty."""
    later = at_wall_clock(day, time, tz).astimezone(UTC)  # fold=0: the offset before the gap
    if later.astimezone(tz).replace(tzinfo=None) == dt.datetime.combine(day, time):
        return later
    earlier = at_wall_clock(day, time.replace(fold=1), tz).astimezone(UTC)
    while later - earlier > dt.timedelta(seconds=1):  # find the change of offset
        middle = earlier + (later - earlier) / 2
        if middle.astimezone(tz).utcoffset() == earlier.astimezone(tz).utcoffset():
            earlier = middle
        else:
            later = middle
    return later.replace(microsecond=0)


def _subtract(spans: list[Span], cut: Span) -> list[Span]:
    cut_start, cut_end = cut
    kept: list[Span] = []
    for start, end in spans:
        if (cut_end is not None and cut_end <= start) or (end is not None and cut_start >= end):
            kept.append((start, end))
            continue
        if start < cut_start:
            kept.append((start, cut_start))
        if cut_end is not None and (end is None or cut_end < end):
            kept.append((cut_end, end))
    return kept


def _merge(
    intervals: list[tuple[dt.datetime, dt.datetime]],
) -> list[tuple[dt.datetime, dt.datetime]]:
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _day_spans(day, weekly, closures, openings) -> list[Span]:
    spans: list[Span] = [(r.opens_at, r.closes_at) for r in weekly.get(day.weekday(), [])]
    for closure in closures:
        if closure.start_date <= day <= closure.end_date:
            cut = (closure.start_time, closure.end_time) if closure.start_time else (MIDNIGHT, None)
            spans = _subtract(spans, cut)
    spans += [(o.opens_at, o.closes_at) for o in openings if o.date == day]
    return spans


def opening_ranges(
    *, lab, start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The intervals (aware, in UTC, sorted, disjoint, clipped to [start, end)) when `lab` is
    open: the weekly ranges, minus the closures, plus the exceptional openings (an opening is
    explicit, so it wins over a closure on its date). An empty schedule is always closed."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("opening_ranges needs aware datetimes")
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if end <= start:
        return []
    tz = lab.tzinfo
    first_day = start.astimezone(tz).date() - dt.timedelta(days=1)
    last_day = end.astimezone(tz).date() + dt.timedelta(days=1)
    weekly: dict[int, list[WeeklyRange]] = {}
    for weekly_range in WeeklyRange.objects.filter(lab=lab):
        weekly.setdefault(weekly_range.weekday, []).append(weekly_range)
    closures = list(
        Closure.objects.filter(lab=lab, start_date__lte=last_day, end_date__gte=first_day)
    )
    openings = list(
        ExceptionalOpening.objects.filter(lab=lab, date__gte=first_day, date__lte=last_day)
    )
    intervals = []
    day = first_day
    while day <= last_day:
        next_day = day + dt.timedelta(days=1)
        for span_start, span_end in _day_spans(day, weekly, closures, openings):
            opens = _instant(day, span_start, tz)
            closes = _instant(next_day if span_end is None else day, span_end or MIDNIGHT, tz)
            opens, closes = max(opens, start), min(closes, end)
            if opens < closes:  # a range inside the hour skipped in spring is empty
                intervals.append((opens, closes))
        day = next_day
    return _merge(intervals)


def is_open_between(*, lab, start: dt.datetime, end: dt.datetime) -> bool:
    """Whether the whole of [start, end) lies inside one opening range."""
    if end <= start:
        return False
    ranges = opening_ranges(lab=lab, start=start, end=end)
    return len(ranges) == 1 and ranges[0][0] <= start and ranges[0][1] >= end


def weekly_ranges_by_day(*, lab) -> dict[int, list[WeeklyRange]]:
    by_day: dict[int, list[WeeklyRange]] = {weekday: [] for weekday in range(7)}
    for weekly_range in WeeklyRange.objects.filter(lab=lab):
        by_day[weekly_range.weekday].append(weekly_range)
    return by_day


def upcoming_closures(*, lab, limit: int | None = None):
    closures = Closure.objects.filter(lab=lab, end_date__gte=lab_today(lab.tzinfo))
    return closures[:limit] if limit else closures


def upcoming_openings(*, lab, limit: int | None = None):
    openings = ExceptionalOpening.objects.filter(lab=lab, date__gte=lab_today(lab.tzinfo))
    return openings[:limit] if limit else openings
