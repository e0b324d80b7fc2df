"""What the people who register are told, by mail (and in-app for members): the
confirmation link for a visitor, then each step of their registration with, when they hold
seats, an `.ics` of the event (every session for a course). A member is told through
`notify`; a visitor, who has no account, gets the same message in the language they used.
Mails leave after the transaction commits."""

import datetime as dt

from django.conf import settings
from django.utils import translation

from fabdesk.notifications.kinds import NotificationKind, kind_get
from fabdesk.notifications.recipients import Visitor
from fabdesk.notifications.services import mail_without_account, notify

from .ics import events_ics
from .links import absolute, confirm_path, event_path, manage_path
from .models import Event, Registration, RegistrationStatus
from .seats import Pool, rules_event

REGISTRATION = "events.registration"
EVENT_CANCELLED = "events.event_cancelled"
# Sent to an address that has not registered yet: not a kind members choose in settings.
CONFIRM_EMAIL = NotificationKind(
    "events.confirm_email", label="", mandatory=True, template="events/notifications/confirm_email"
)
WITH_ICS = {"confirmed", "promoted", "validated", "moved"}


def registration_pool(registration: Registration) -> Pool:
    return registration.series if registration.series_id else registration.event


def sessions_of(pool: Pool) -> list[Event]:
    if isinstance(pool, Event):
        return [pool]
    return list(
        pool.events.exclude(status=Event.Status.CANCELLED)
        .select_related("lab", "space")
        .order_by("starts_at", "pk")
    )


def cancel_deadline(event: Event) -> dt.datetime:
    """Until when an attendee may give up their seats themself."""
    return event.starts_at - dt.timedelta(hours=event.cancel_deadline_hours)


def _language(registration: Registration) -> str:
    valid = {code for code, _name in settings.LANGUAGES}
    member = registration.member
    for code in (getattr(member, "language", ""), registration.language):
        if code in valid:
            return code
    return settings.LANGUAGE_CODE


def _send(registration: Registration, *, kind: NotificationKind, context: dict, url: str,
          attachments=None) -> None:  # fmt: skip
    member = registration.member
    if member is not None and member.is_active:
        notify(recipient=member, kind=kind.key, context=context, url=url, attachments=attachments)
        return
    pool = registration_pool(registration)
    visitor = Visitor(
        name=registration.name,
        email=registration.email,
        language=_language(registration),
        lab=pool.lab,
    )
    mail_without_account(
        recipient=visitor, kind=kind, context=context, url=url, attachments=attachments
    )


def _context(registration: Registration, pool: Pool) -> dict:
    event = rules_event(pool)
    return {
        "registration": registration,
        "event": event,
        "course": pool if not isinstance(pool, Event) else None,
        "sessions": sessions_of(pool),
        "title": pool.title,
        "tz": pool.lab.time_zone,
        "lab": pool.lab,
        "deadline": cancel_deadline(event) if event is not None else None,
        "event_url": absolute(event_path(event)) if event is not None else "",
    }


def tell_registrant(registration: Registration, *, what: str, **extra) -> None:
    """Tell the person what happened to their registration. `what`: confirmed, validated,
    pending_validation, waitlisted, promoted, cancelled, moved, session_cancelled."""
    pool = registration_pool(registration)
    context = {**_context(registration, pool), "what": what, **extra}
    attachments = None
    if what in WITH_ICS and registration.status == RegistrationStatus.CONFIRMED:
        with translation.override(_language(registration)):
            ics = events_ics(context["sessions"], url=context["event_url"])
        attachments = [("event.ics", ics, "text/calendar")]
    _send(
        registration,
        kind=kind_get(EVENT_CANCELLED if what == "event_cancelled" else REGISTRATION),
        context=context,
        url=manage_path(registration),
        attachments=attachments,
    )


def tell_placed(registration: Registration, **extra) -> None:
    """The message for a registration that just got its status (seats, validation, or the
    waitlist)."""
    what = {
        RegistrationStatus.CONFIRMED: "confirmed",
        RegistrationStatus.PENDING_VALIDATION: "pending_validation",
        RegistrationStatus.WAITLISTED: "waitlisted",
    }[registration.status]
    tell_registrant(registration, what=what, **extra)


def send_confirmation_link(registration: Registration) -> None:
    pool = registration_pool(registration)
    context = {**_context(registration, pool), "confirm_url": absolute(confirm_path(registration))}
    _send(registration, kind=CONFIRM_EMAIL, context=context, url=manage_path(registration))
