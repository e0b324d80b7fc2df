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


def booking_actions(
    booking: Booking, *, staff: bool, now: dt.datetime, can_cancel: bool = False
) -> Actions:
    """Staff: check in any booking not over (a no-show too: the member came late), close one
    checked in, cancel one not started. A member: check in from CHECK_IN_EARLY before the
    start, close once checked in; cancelling follows the rule's deadline (`can_cancel`)."""
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
    in_window = staff or now >= booking.start - CHECK_IN_EARLY
    return Actions(
        check_in=not_over and in_window,
        cancel=(staff and booking.start > now) or (not staff and can_cancel),
    )
