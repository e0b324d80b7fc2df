"""Receivers of other apps' signals (connected in BookingConfig.ready())."""

from .lifecycle import bookings_flag_for_machine


def flag_bookings_of_unavailable_machine(
    sender, *, machine, old_status, new_status, reason="", **kwargs
) -> None:
    """A machine went out of order, into maintenance or retired: flag its coming bookings.
    Back in service: nothing happens on its own, staff decide booking by booking."""
    bookings_flag_for_machine(machine=machine, status=new_status, reason=reason or "")
