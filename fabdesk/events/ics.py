"""Events as iCalendar (RFC 5545): the `.ics` attached to confirmation mails, and the
pieces an agenda feed is built from. Times are written in the lab's zone with its
VTIMEZONE; UIDs are stable per event, so a calendar app updates an event instead of adding
it twice."""

from collections.abc import Iterable

import icalendar
from django.utils import timezone

from .links import absolute, event_path
from .models import Event

PRODID = "-//Fabdesk//Events//EN"


def calendar_new(*, name: str = "") -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def event_location(event: Event) -> str:
    if event.address:
        return event.address
    lab = event.lab
    parts = [event.space.name if event.space_id else "", lab.name, lab.postal_address]
    return ", ".join(part.replace("\n", ", ") for part in parts if part)


def event_component(event: Event, *, url: str = "", description: str = "") -> icalendar.Event:
    tz = event.lab.tzinfo
    component = icalendar.Event()
    component.add("uid", f"event-{event.pk}@{event.lab.slug}.fabdesk")
    component.add("dtstamp", event.updated_at or timezone.now())
    component.add("dtstart", timezone.localtime(event.starts_at, tz))
    component.add("dtend", timezone.localtime(event.ends_at, tz))
    component.add("summary", event.title)
    component.add("location", event_location(event))
    component.add("url", url or absolute(event_path(event)))
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    if description:
        component.add("description", description)
    return component


def calendar_bytes(calendar: icalendar.Calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


def events_ics(events: Iterable[Event], *, url: str = "", description: str = "") -> bytes:
    """A calendar holding these events (one for an event, every session for a course)."""
    calendar = calendar_new()
    for event in events:
        calendar.add_component(event_component(event, url=url, description=description))
    return calendar_bytes(calendar)
