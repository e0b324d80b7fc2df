"""Signals the training sessions send (billing charges with them, ADR 0015; the enrolment rules
know nothing of prices).

Sent inside the service's transaction, after the change is saved: a receiver that raises
rolls the whole change back.
- enrolment_confirmed(sender=Enrolment, enrolment=, actor=): a member took a seat (enrolled
  at once; or promoted from the waitlist, `actor` None: the lab did it).
- enrolment_cancelled(sender=Enrolment, enrolment=, actor=, by_lab=): a seat or a place on the
  waitlist was given up; `by_lab` True when the lab cancelled the session."""

from django.dispatch import Signal

enrolment_confirmed = Signal()
enrolment_cancelled = Signal()
