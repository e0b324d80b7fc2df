"""Billing's side of the other apps: their signals, sent inside their services'
transactions, become charges, cancellations and credit notes here (ADR 0015). The owner apps
import nothing of billing; BillingConfig.ready() imports this package, which connects the
receivers once."""

from fabdesk.booking.signals import booking_cancelled, booking_confirmed, booking_moved
from fabdesk.events.signals import registration_cancelled, registration_confirmed
from fabdesk.fabrication.signals import print_job_approved, print_job_cancelled
from fabdesk.training.signals import enrolment_cancelled, enrolment_confirmed

from . import booking, events, prints, training

RECEIVERS = [
    (booking_confirmed, booking.on_booking_confirmed),
    (booking_moved, booking.on_booking_moved),
    (booking_cancelled, booking.on_booking_cancelled),
    (enrolment_confirmed, training.on_enrolment_confirmed),
    (enrolment_cancelled, training.on_enrolment_cancelled),
    (registration_confirmed, events.on_registration_confirmed),
    (registration_cancelled, events.on_registration_cancelled),
    (print_job_approved, prints.on_print_job_approved),
    (print_job_cancelled, prints.on_print_job_cancelled),
]


def connect() -> None:
    for signal, receiver in RECEIVERS:
        signal.connect(receiver, dispatch_uid=f"billing.{receiver.__name__}")


connect()
