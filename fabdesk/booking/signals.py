"""Signals the booking engine sends, and receivers of other apps' signals (connected in
BookingConfig.ready()).

Sent inside the service's transaction, after the change is saved, for a member's booking
(never a block): a receiver that raises rolls the whole change back. Billing charges with
them (ADR 0015); the booking rules know nothing of prices.
- booking_confirmed(sender=Booking, booking=, actor=): a booking was made.
- booking_moved(sender=Booking, booking=, actor=, was=(start, end)): it has new times.
- booking_cancelled(sender=Booking, booking=, actor=, refund=, by_lab=): it was cancelled;
  `refund` False when staff chose to keep what the member owes (a late cancellation),
  `by_lab` True when the lab cancelled it (a block over it, its machine out of service)."""

from django.dispatch import Signal

from .lifecycle import bookings_flag_for_machine

booking_confirmed = Signal()
booking_moved = Signal()
booking_cancelled = Signal()


def flag_bookings_of_unavailable_machine(
    sender, *, machine, old_status, new_status, reason="", **kwargs
) -> None:
    """A machine went out of order, into maintenance or retired: flag its coming bookings.
    Back in service: nothing happens on its own, staff decide booking by booking."""
    bookings_flag_for_machine(machine=machine, status=new_status, reason=reason or "")
