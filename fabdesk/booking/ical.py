"""Bookings as iCalendar (RFC 5545) feeds, built with the `icalendar` package.

Two feeds: a machine's busy times for anyone (no names, no member data), and a member's own
bookings behind a secret address. Times are written in the lab's zone (`DTSTART;TZID=...`)
with its `VTIMEZONE`, so calendar apps show them right across daylight-saving changes. UIDs
are stable (the booking's id and the lab), so an app updates an event instead of adding it
again; DTSTAMP is when the booking last changed."""

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Booking, BookingStatus

PUBLIC_PAST = dt.timedelta(days=7)
PUBLIC_AHEAD = dt.timedelta(days=90)
MEMBER_PAST = dt.timedelta(days=30)
MEMBER_AHEAD = dt.timedelta(days=365)
REFRESH = dt.timedelta(hours=1)
PRODID = "-//Fabdesk//Bookings//EN"


def feed_window(past: dt.timedelta, ahead: dt.timedelta) -> tuple[dt.datetime, dt.datetime]:
    now = timezone.now()
    return now - past, now + ahead


def _calendar(*, name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    return calendar


def _event(booking: Booking, *, kind: str, end: dt.datetime, summary: str) -> icalendar.Event:
    tz = booking.lab.tzinfo
    event = icalendar.Event()
    event.add("uid", f"{kind}-{booking.pk}@{booking.lab.slug}.fabdesk")
    event.add("dtstamp", booking.cancelled_at or booking.created_at)
    event.add("dtstart", timezone.localtime(booking.start, tz))
    event.add("dtend", timezone.localtime(end, tz))
    event.add("summary", summary)
    return event


def _finish(calendar: icalendar.Calendar, *, filename: str) -> HttpResponse:
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def machine_busy_feed(*, machine, bookings: Iterable[Booking]) -> HttpResponse:
    """The machine's busy times: from each booking's start to the end of its buffer (the
    machine cannot be booked then), titled "Busy" and nothing else."""
    calendar = _calendar(name=_("%(machine)s: busy times") % {"machine": machine.name})
    for booking in bookings:
        event = _event(booking, kind="busy", end=booking.blocked_until, summary=_("Busy"))
        event.add("transp", "OPAQUE")
        event.add("class", "PUBLIC")
        calendar.add_component(event)
    return _finish(calendar, filename=f"machine-{machine.pk}-busy.ics")


def member_feed(*, member, bookings: Iterable[Booking]) -> HttpResponse:
    """The member's own bookings, cancelled ones marked `STATUS:CANCELLED`."""
    calendar = _calendar(name=_("My bookings at %(lab)s") % {"lab": member.lab.name})
    for booking in bookings:
        machine = booking.resource  # a machine, or a space
        cancelled = booking.status == BookingStatus.CANCELLED
        summary = _("Booking: %(machine)s") % {"machine": machine.name}
        if cancelled:
            summary = _("Cancelled: %(machine)s") % {"machine": machine.name}
        event = _event(booking, kind="booking", end=booking.end, summary=summary)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
        event.add("class", "PRIVATE")
        room = booking.space if booking.space_id else machine.space
        event.add("location", f"{room.name}, {booking.lab.name}" if room else booking.lab.name)
        event.add(
            "description",
            _("Status: %(status)s") % {"status": booking.get_status_display()},
        )
        calendar.add_component(event)
    return _finish(calendar, filename="my-bookings.ics")
