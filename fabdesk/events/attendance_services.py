"""Attendance: staff tick, on a phone at the door, who came to an event. One row per
registration and event (a course registration has one per session); `present_count` says
how many of its seats came when not all of them did. Attendance feeds the figures of the
staff's event list (stats.py)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.errors import Forbidden, Invalid

from .models import SEAT_STATUSES, Attendance, Event, Registration
from .permissions import can_manage_events
from .seats import pool_of, registrations_of

# The list opens a little before the start, as people arrive.
OPENS_BEFORE = dt.timedelta(hours=1)


def attendance_refusal(event: Event, *, now: dt.datetime | None = None) -> Invalid | None:
    """Why attendance cannot be taken for this event now, or None."""
    now = now or timezone.now()
    if event.is_cancelled:
        return Invalid(_("This event was cancelled."), code="event_cancelled")
    if event.starts_at - OPENS_BEFORE > now:
        return Invalid(_("Attendance opens an hour before the start."), code="event_not_started")
    return None


def attendance_roster(event: Event) -> list[tuple[Registration, Attendance | None]]:
    """The people expected (registrations holding seats in the event's pool: the course's
    for a session), by name, each with what was marked for this event."""
    registrations = (
        registrations_of(pool_of(event))
        .filter(status__in=SEAT_STATUSES)
        .select_related("member", "category")
        .order_by("name", "pk")
    )
    marks = {mark.registration_id: mark for mark in Attendance.objects.filter(event=event)}
    return [(registration, marks.get(registration.pk)) for registration in registrations]


def attendance_totals(rows) -> tuple[int, int]:
    """(people who came, people expected) over attendance_roster's rows."""
    present = sum(
        (mark.present_count or registration.seats)
        for registration, mark in rows
        if mark is not None and mark.present
    )
    return present, sum(registration.seats for registration, _mark in rows)


@transaction.atomic
def attendance_mark(
    *,
    actor,
    event: Event,
    registration: Registration,
    present: bool,
    present_count: int | None = None,
) -> Attendance:
    """Mark whether a registration's people came (`present_count` of its seats, or all of
    them when None). Marking again replaces the previous mark."""
    if not can_manage_events(actor, event.lab_id):
        raise Forbidden(_("Only the lab's staff can take attendance."), code="staff_only")
    refusal = attendance_refusal(event)
    if refusal is not None:
        raise refusal
    expected = registrations_of(pool_of(event)).filter(pk=registration.pk, status__in=SEAT_STATUSES)
    registration = expected.first()
    if registration is None:
        raise Invalid(_("This person has no seat at this event."), code="not_registered")
    if present_count is not None and not 1 <= present_count <= registration.seats:
        raise Invalid(
            _("Between 1 and %(seats)s people can come on this registration.")
            % {"seats": registration.seats},
            code="bad_count",
            field="present_count",
        )
    attendance, _created = Attendance.objects.update_or_create(
        registration=registration,
        event=event,
        defaults={
            "present": present,
            "present_count": present_count if present else None,
            "marked_at": timezone.now(),
            "marked_by": actor,
        },
    )
    return attendance
