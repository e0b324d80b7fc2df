"""The waitlist: who is next, and giving free seats away (ADR 0012).

Order is arrival on the waitlist (`waitlisted_at`, then id). Free seats go to the first in
that order whose seats fit: a family of three waits while one seat is free, and the next
person alone gets it; the family keeps its place for the next seats. Promotion happens
inside the transaction that freed the seats (a cancellation, a move, more capacity), with
the pool already locked, until the event starts."""

from django.utils import timezone

from .models import Event, Registration, RegistrationStatus
from .notices import tell_registrant
from .seats import Pool, registrations_of, rules_event, seats_left
from .signals import confirmed_send


def waiting(pool: Pool):
    return registrations_of(pool).filter(status=RegistrationStatus.WAITLISTED)


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line; None when the registration is not on the waitlist."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    pool = registration.series if registration.series_id else registration.event
    ahead = waiting(pool).filter(waitlisted_at__lt=registration.waitlisted_at).count()
    ties = waiting(pool).filter(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
    return ahead + ties.count() + 1


def waitlist_promote(*, pool: Pool) -> list[Registration]:
    """Give the free seats of a locked pool to the waitlist in arrival order (first fit);
    each promoted person is told by mail. Nothing moves once the event (or the course's first
    session) has started or is cancelled."""
    rules = rules_event(pool)
    now = timezone.now()
    if rules is None or rules.starts_at <= now:
        return []
    if isinstance(pool, Event) and pool.is_cancelled:
        return []
    free = seats_left(pool)
    promoted: list[Registration] = []
    for registration in waiting(pool).select_related("member").order_by("waitlisted_at", "pk"):
        if free is not None and registration.seats > free:
            continue
        registration.status = (
            RegistrationStatus.PENDING_VALIDATION
            if rules.requires_validation and registration.validated_at is None
            else RegistrationStatus.CONFIRMED
        )
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        tell_registrant(registration, what="promoted")
        confirmed_send(registration, actor=None)  # the lab's waitlist
        promoted.append(registration)
        if free is not None:
            free -= registration.seats
            if free <= 0:
                break
    return promoted
