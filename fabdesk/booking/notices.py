"""The mails and in-app notices of a booking's life: reminder, cancelled or moved by staff,
machine unavailable. Each goes through notify() (in the member's language, after the
commit)."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from fabdesk.notifications.services import notify

from .models import Booking


def _when(booking: Booking, start: dt.datetime, end: dt.datetime) -> dict:
    """Times on the lab's wall clock, written the member's way."""
    tz = booking.lab.tzinfo
    with translation.override(booking.member.language or settings.LANGUAGE_CODE):
        return {
            "start": date_format(timezone.localtime(start, tz), "DATETIME_FORMAT"),
            "end": date_format(timezone.localtime(end, tz), "TIME_FORMAT"),
        }


def _context(booking: Booking) -> dict:
    # "machine" names what is booked, a machine or a space (templates say machine.name).
    return {"booking": booking, "machine": booking.resource, "is_space": bool(booking.space_id),
            **_when(booking, booking.start, booking.end)}  # fmt: skip


def _url(booking: Booking) -> str:
    if booking.space_id:
        return reverse("equipment:space_detail", args=[booking.space_id])
    return reverse("equipment:machine_detail", args=[booking.machine_id])


def _send(booking: Booking, kind: str, **extra) -> None:
    notify(
        recipient=booking.member,
        kind=kind,
        context={**_context(booking), **extra},
        url=_url(booking),
    )


def notify_reminder(booking: Booking) -> None:
    _send(booking, "booking.reminder")


def notify_cancelled(booking: Booking, *, actor, reason: str = "") -> None:
    """Staff cancelled a member's booking: tell the member (not when they cancel their own),
    with the staff's reason when there is one (a block put over the booking)."""
    if actor is not None and actor.pk != booking.member_id:
        _send(booking, "booking.cancelled", reason=reason)


def notify_moved(booking: Booking, *, actor, was: tuple[dt.datetime, dt.datetime]) -> None:
    """Staff moved a member's booking: tell the member the old and the new times."""
    if actor is not None and actor.pk != booking.member_id:
        old = _when(booking, *was)
        _send(booking, "booking.moved", old_start=old["start"], old_end=old["end"])


def notify_machine_unavailable(booking: Booking) -> None:
    _send(booking, "booking.machine_unavailable", reason=booking.flag_reason)
