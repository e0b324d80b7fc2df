"""Signals other apps listen to (booking flags the bookings of a machine that breaks).

machine_status_changed(sender=Machine, machine=, old_status=, new_status=, actor=, reason=) is
sent inside the service's transaction, after the change is saved."""

from django.dispatch import Signal

machine_status_changed = Signal()
