"""Which lifecycle buttons a page offers for a booking: check in, close, cancel. The pages only
mirror the services (lifecycle.booking_check_in, booking_close, services.booking_cancel),
which decide and say why not when someone posts anyway."""

import datetime as dt
from dataclasses import dataclass

from .lifecycle import CHECK_IN_EARLY
from .models import Booking, BookingStatus


@dataclass(frozen=True)
class Actions:
    check_in: bool = False
    close: bool = False
    cancel: bool = False


NONE = Actions()
# Staff may check in earlier still (the service allows it); the pages offer it from here.
STAFF_CHECK_IN_OFFERED = dt.timedelta(hours=1)


def booking_actions(booking: Booking, *, staff: bool, now: dt.datetime) -> Actions:
    """Staff: check in a booking from an hour before its start until its end (a no-show too:
    the member came late), close one checked in, cancel one not started (or end a block). A
    member: check in from CHECK_IN_EARLY before the start, close once checked in ("my
    bookings" offers cancelling against the rule's deadline itself)."""
    if booking.is_block or booking.status == BookingStatus.CANCELLED:
        return Actions(cancel=staff and booking.end > now)
    status = booking.status
    if status == BookingStatus.CHECKED_IN:
        return Actions(close=True)
    not_over = booking.end > now
    if status == BookingStatus.NO_SHOW:
        return Actions(check_in=staff and not_over)
    if status != BookingStatus.CONFIRMED:
        return NONE
    in_window = now >= booking.start - (STAFF_CHECK_IN_OFFERED if staff else CHECK_IN_EARLY)
    return Actions(
        check_in=not_over and in_window,
        cancel=staff and booking.start > now,
    )
