"""Attendance figures for the staff's event list: over a period, for each event held whose
attendance was taken, the people expected (seats held) and the people who came, and the
same summed per event type."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone

from fabdesk.core.timeutils import at_wall_clock

from .models import Attendance, Event, EventStatus
from .staff_selectors import with_attendance

MAX_EVENTS = 200


def rate(present: int, expected: int) -> int | None:
    """Percentage of the expected people who came (None when nobody was expected)."""
    return round(100 * present / expected) if expected else None


@dataclass
class Figures:
    label: str
    expected: int = 0
    present: int = 0
    events: int = 0
    colour: str = ""

    @property
    def rate(self) -> int | None:
        return rate(self.present, self.expected)


@dataclass
class AttendanceStats:
    first_day: dt.date
    last_day: dt.date
    events: list[tuple[Event, int | None]] = field(default_factory=list)
    types: list[Figures] = field(default_factory=list)
    total: Figures | None = None
    not_taken: int = 0


def attendance_stats(*, lab, first_day: dt.date, last_day: dt.date) -> AttendanceStats:
    """Published events of the lab that started between the two days (the lab's, both
    included) and are over."""
    tz = lab.tzinfo
    start = at_wall_clock(first_day, dt.time.min, tz)
    end = at_wall_clock(last_day + dt.timedelta(days=1), dt.time.min, tz)
    events = with_attendance(
        Event.objects.filter(
            lab=lab, status=EventStatus.PUBLISHED, registration_enabled=True,
            starts_at__gte=start, starts_at__lt=end, ends_at__lte=timezone.now(),
        )
    ).annotate(taken=Exists(Attendance.objects.filter(event=OuterRef("pk"))))  # fmt: skip
    events = events.select_related("event_type").order_by("-starts_at", "-pk")
    stats = AttendanceStats(first_day=first_day, last_day=last_day)
    per_type: dict[int, Figures] = {}
    total = Figures(label="")
    for event in events[:MAX_EVENTS]:
        if not event.taken:
            stats.not_taken += 1
            continue
        stats.events.append((event, rate(event.present_count, event.seats_taken_count)))
        kind = per_type.setdefault(
            event.event_type_id,
            Figures(label=event.event_type.name, colour=event.event_type.colour),
        )
        for figures in (kind, total):
            figures.expected += event.seats_taken_count
            figures.present += event.present_count
            figures.events += 1
    stats.types = sorted(per_type.values(), key=lambda f: f.label.lower())
    stats.total = total if total.events else None
    return stats
