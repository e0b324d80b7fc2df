"""Changes to the opening hours, by the lab's staff only, each one audit-logged: the weekly
schedule (replaced day by day), exceptional closures and exceptional openings."""

import datetime as dt
import itertools

from django.db import transaction
from django.utils.translation import gettext as _

from fabdesk.core.errors import Forbidden, Invalid
from fabdesk.core.models import Lab
from fabdesk.core.services import audit_record

from .models import Closure, ExceptionalOpening, WeeklyRange
from .permissions import can_manage_schedule

DayRanges = list[tuple[dt.time, dt.time]]
DAY_KEYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _require_staff(actor, lab: Lab) -> None:
    if not can_manage_schedule(actor, lab):
        raise Forbidden(_("Only the lab's staff can change its opening hours."), code="staff_only")


def _require_label(label: str, field: str) -> str:
    label = (label or "").strip()
    if not label:
        raise Invalid(_("Say what it is for, in a few words."), code="label_required", field=field)
    return label


def _require_order(opens_at: dt.time, closes_at: dt.time, field: str) -> None:
    if closes_at <= opens_at:
        raise Invalid(
            _("The closing time must be after the opening time (%(opens)s).")
            % {"opens": opens_at.strftime("%H:%M")},
            code="closes_before_opens",
            field=field,
        )


def check_day_ranges(ranges: DayRanges, *, field: str = "") -> DayRanges:
    """The day's ranges, sorted; refused when one closes before it opens or two overlap."""
    ranges = sorted(ranges)
    for opens_at, closes_at in ranges:
        _require_order(opens_at, closes_at, field)
    for (_opens, previous_close), (opens_at, _closes) in itertools.pairwise(ranges):
        if opens_at < previous_close:
            raise Invalid(
                _("Two ranges of the same day overlap (%(opens)s is before %(closes)s).")
                % {"opens": opens_at.strftime("%H:%M"), "closes": previous_close.strftime("%H:%M")},
                code="ranges_overlap",
                field=field,
            )
    return ranges


def _describe(ranges: DayRanges) -> str:
    return ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in ranges)


@transaction.atomic
def weekly_schedule_set(*, actor, lab: Lab, ranges: dict[int, DayRanges]) -> None:
    """Replace the weekly schedule: `ranges[weekday]` (0 = Monday) is that day's ranges; a
    missing or empty day is closed. Bookings already made are not touched."""
    _require_staff(actor, lab)
    wanted = {}
    for weekday in range(7):
        wanted[weekday] = check_day_ranges(ranges.get(weekday, []), field=f"day_{weekday}")
    current = {weekday: [] for weekday in range(7)}
    for row in WeeklyRange.objects.select_for_update().filter(lab=lab):
        current[row.weekday].append((row.opens_at, row.closes_at))
    changes = {
        DAY_KEYS[weekday]: [_describe(sorted(current[weekday])), _describe(wanted[weekday])]
        for weekday in range(7)
        if sorted(current[weekday]) != wanted[weekday]
    }
    if not changes:
        return
    WeeklyRange.objects.filter(lab=lab).delete()
    WeeklyRange.objects.bulk_create(
        WeeklyRange(lab=lab, weekday=weekday, opens_at=opens_at, closes_at=closes_at)
        for weekday, day_ranges in wanted.items()
        for opens_at, closes_at in day_ranges
    )
    audit_record(actor=actor, target=lab, action="schedule.weekly_set", changes=changes)


@transaction.atomic
def closure_create(
    *,
    actor,
    lab: Lab,
    label: str,
    start_date: dt.date,
    end_date: dt.date,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
) -> Closure:
    """Close the lab from `start_date` to `end_date` (included), all day or only between
    `start_time` and `end_time` on each of those days."""
    _require_staff(actor, lab)
    label = _require_label(label, "label")
    if end_date < start_date:
        raise Invalid(
            _("The last day of the closure must not be before its first day."),
            code="end_before_start",
            field="end_date",
        )
    if (start_time is None) != (end_time is None):
        raise Invalid(
            _("Give both times for a closure of some hours, or neither for whole days."),
            code="times_incomplete",
            field="end_time",
        )
    if start_time is not None:
        _require_order(start_time, end_time, "end_time")
    closure = Closure.objects.create(
        lab=lab,
        label=label,
        start_date=start_date,
        end_date=end_date,
        start_time=start_time,
        end_time=end_time,
    )
    audit_record(
        actor=actor,
        target=closure,
        action="schedule.closure_created",
        changes={"dates": [None, f"{start_date} - {end_date}"]},
    )
    return closure


@transaction.atomic
def closure_delete(*, actor, closure: Closure) -> None:
    _require_staff(actor, closure.lab)
    audit_record(actor=actor, target=closure, action="schedule.closure_deleted")
    closure.delete()


@transaction.atomic
def opening_create(
    *, actor, lab: Lab, label: str, date: dt.date, opens_at: dt.time, closes_at: dt.time
) -> ExceptionalOpening:
    """Open the lab on `date` between `opens_at` and `closes_at`, whatever the weekly schedule
    and any closure say."""
    _require_staff(actor, lab)
    label = _require_label(label, "label")
    _require_order(opens_at, closes_at, "closes_at")
    opening = ExceptionalOpening.objects.create(
        lab=lab, label=label, date=date, opens_at=opens_at, closes_at=closes_at
    )
    audit_record(
        actor=actor,
        target=opening,
        action="schedule.opening_created",
        changes={"date": [None, f"{date} {opens_at:%H:%M}-{closes_at:%H:%M}"]},
    )
    return opening


@transaction.atomic
def opening_delete(*, actor, opening: ExceptionalOpening) -> None:
    _require_staff(actor, opening.lab)
    audit_record(actor=actor, target=opening, action="schedule.opening_deleted")
    opening.delete()
