"""The attendee list of an event as CSV: `;`-separated, UTF-8 with a BOM so that Excel
(French or not) opens it right, headers in the reader's language, like the members export.
Every registration not cancelled (a course session lists the course's), with what was
marked at the door for this event."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Attendance, Event, Registration, RegistrationStatus
from .seats import pool_of
from .staff_selectors import pool_registrations

DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str) -> str:
    """Visitors type their own name and note: a value a spreadsheet would run as a formula
    is written as text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def headers() -> list[str]:
    return [
        _("Name"), _("Email"), _("Member"), _("Ticket"), _("Seats"), _("Price"), _("Status"),
        _("Registered on"), _("Note"), _("Present"),
    ]  # fmt: skip


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _present(mark: Attendance | None) -> str:
    if mark is None:
        return ""
    if not mark.present:
        return _("no")
    return str(mark.present_count) if mark.present_count is not None else _("yes")


def attendee_row(registration: Registration, mark: Attendance | None) -> list[str]:
    return [
        cell(registration.name),
        cell(registration.email),
        _("yes") if registration.member_id else _("no"),
        cell(registration.category.name),
        str(registration.seats),
        str(registration.price),
        str(registration.get_status_display()),
        _when(registration.created_at),
        cell(registration.note),
        _present(mark),
    ]


def attendees_csv(event: Event) -> str:
    registrations = [
        r for r in pool_registrations(pool_of(event)) if r.status != RegistrationStatus.CANCELLED
    ]
    marks = {mark.registration_id: mark for mark in Attendance.objects.filter(event=event)}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(headers())
    for registration in registrations:
        writer.writerow(attendee_row(registration, marks.get(registration.pk)))
    return buffer.getvalue()


def attendees_csv_response(event: Event) -> HttpResponse:
    day = timezone.localtime(event.starts_at).strftime("%Y-%m-%d")
    filename = f"attendees-{day}-{slugify(event.title)[:40] or event.pk}.csv"
    response = HttpResponse("\ufeff" + attendees_csv(event), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
