"""Reads of the booking lifecycle: no-shows of a member, flagged bookings for staff."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import Booking, BookingStatus


def no_show_count(member) -> int:
    return Booking.objects.filter(member=member, status=BookingStatus.NO_SHOW).count()


def flagged_bookings(lab) -> QuerySet[Booking]:
    """Coming bookings of machines that became unavailable, soonest first: to move, cancel or
    keep (staff decide)."""
    return (
        Booking.objects.filter(
            lab=lab,
            status=BookingStatus.CONFIRMED,
            flagged_at__isnull=False,
            end__gt=timezone.now(),
        )
        .select_related("machine", "member")
        .order_by("start", "pk")
    )
