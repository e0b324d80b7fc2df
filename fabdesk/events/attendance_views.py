"""Attendance at the door, on a phone: one row per registration holding seats (the
course's for a session), one big button that flips "came", and for a family the number of
people who came. Each tap is saved at once with htmx (the row and the count come back);
without JavaScript the form posts and the page comes back."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError

from .attendance_services import (
    attendance_mark,
    attendance_refusal,
    attendance_roster,
    attendance_totals,
)
from .models import Registration
from .staff_access import staff_event


def with_seat_numbers(rows):
    """Each registration's possible head counts (1 to its seats) for the row's menu."""
    for registration, _mark in rows:
        registration.seat_numbers = range(1, registration.seats + 1)
    return rows


def _int(value) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 9 else None


def _mark(request, event):
    registration = Registration(pk=_int(request.POST.get("registration")) or 0)
    present = request.POST.get("present") == "1"
    error = None
    try:
        attendance_mark(
            actor=request.user,
            event=event,
            registration=registration,
            present=present,
            present_count=_int(request.POST.get("count")) if present else None,
        )
    except DomainError as exc:
        error = str(exc.message)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("events:staff_attendance", event.pk)
    rows = with_seat_numbers(attendance_roster(event))
    row = next((row for row in rows if row[0].pk == registration.pk), None)
    if row is None:
        return render(request, "events/staff/attendance.html#refused", {"error": error})
    present, expected = attendance_totals(rows)
    context = {"event": event, "registration": row[0], "mark": row[1], "row_error": error,
               "present": present, "expected": expected, "oob": True}  # fmt: skip
    return render(request, "events/staff/attendance.html#row", context)


@staff_required
def attendance(request, event_id: int):
    event = staff_event(request, event_id)
    if request.method == "POST":
        return _mark(request, event)
    rows = with_seat_numbers(attendance_roster(event))
    present, expected = attendance_totals(rows)
    context = {
        "event": event,
        "rows": rows,
        "refusal": attendance_refusal(event),
        "present": present,
        "expected": expected,
        "intro": _("Tap “Not here yet” when the person arrives: it is saved at once."),
    }
    return render(request, "events/staff/attendance.html", context)
