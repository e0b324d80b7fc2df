"""Shortcuts of the events tests: a visitor registers and confirms, mails are read back."""

import icalendar
from django.core import mail

from fabdesk.events.links import confirm_link
from fabdesk.events.registration_services import registration_confirm_email, registration_create


def visitor_registers(event, ticket, email, *, seats=1, name="Camille Visiteuse", **extra):
    return registration_create(
        actor=None, event=event, category=ticket, seats=seats, name=name, email=email, **extra
    )


def visitor_confirmed(event, ticket, email, *, seats=1, **extra):
    registration = visitor_registers(event, ticket, email, seats=seats, **extra)
    return registration_confirm_email(link=confirm_link(registration))


def mails_to(address: str):
    return [message for message in mail.outbox if address in message.to]


def ics_events(message) -> list[icalendar.Event]:
    """The VEVENTs of a mail's .ics attachment (none: [])."""
    for name, content, mimetype in message.attachments:
        if name.endswith(".ics"):
            assert mimetype == "text/calendar"
            return list(icalendar.Calendar.from_ical(content).walk("VEVENT"))
    return []
