"""Signals the registrations send (billing charges with them, ADR 0015; the registration rules
know nothing of prices beyond the price stored on each registration).

Sent inside the service's transaction, after the change is saved: a receiver that raises
rolls the whole change back.
- registration_confirmed(sender=Registration, registration=, actor=): its seats are
  confirmed (at once, after the visitor's address or the staff's validation, from the
  waitlist, or by a move). `actor` None: a visitor's link or the lab's waitlist did it.
- registration_cancelled(sender=Registration, registration=, actor=, by_lab=): it was given
  up; `by_lab` True when the lab cancelled the event or moved the person elsewhere."""

from django.dispatch import Signal

registration_confirmed = Signal()
registration_cancelled = Signal()


def confirmed_send(registration, *, actor) -> None:
    """Tell the receivers when `registration` (just saved) now holds confirmed seats."""
    if registration.status == "confirmed":
        registration_confirmed.send(
            sender=type(registration), registration=registration, actor=actor
        )
