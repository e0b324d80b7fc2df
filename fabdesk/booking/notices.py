"""The mails and in-app notices of a booking's life: reminder, cancelled by staff, machine
unavailable. Each goes through notify() (in the member's language, after the commit)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from fabdesk.notifications.services import notify

from .models import Booking


def _context(booking: Booking) -> dict:
    """The booking's times on the lab's wall clock, written the member's way."""
    tz = booking.lab.tzinfo
    with translation.override(booking.member.language or settings.LANGUAGE_CODE):
        return {
            "booking": booking,
            "machine": booking.machine,
            "start": date_format(timezone.localtime(booking.start, tz), "DATETIME_FORMAT"),
            "end": date_format(timezone.localtime(booking.end, tz), "TIME_FORMAT"),
        }


def _url(booking: Booking) -> str:
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


def notify_cancelled(booking: Booking, *, actor) -> None:
    """Staff cancelled a member's booking: tell the member (not when they cancel their own)."""
    if actor is not None and actor.pk != booking.member_id:
        _send(booking, "booking.cancelled")


def notify_machine_unavailable(booking: Booking) -> None:
    _send(booking, "booking.machine_unavailable", reason=booking.flag_reason)
