"""Seats: who holds them, how many are left, and the lock that makes counting them safe.

A *pool* is what seats belong to: an event, or a course series (whose one registration
covers every session). Registrations `confirmed` and `pending_validation` take seats;
`pending_confirmation` and `waitlisted` take none (ADR 0012). Every change that can give or
free a seat locks the pool's row first (`lock_pool`), so two requests for the last seat are
counted one after the other and the last seat is never sold twice."""

from django.db.models import Sum
from django.utils.translation import gettext as _

from fabdesk.core.errors import NotFound

from .models import SEAT_STATUSES, Event, EventSeries, Registration, RegistrationStatus

Pool = Event | EventSeries


def pool_of(event: Event) -> Pool:
    """The course series for a course session, else the event itself."""
    series = event.series if event.series_id else None
    if series is not None and series.is_course:
        return series
    return event


def pool_filter(pool: Pool) -> dict:
    """The keyword that selects a pool's registrations."""
    return {"series": pool} if isinstance(pool, EventSeries) else {"event": pool}


def registrations_of(pool: Pool):
    return Registration.objects.filter(**pool_filter(pool))


def rules_event(pool: Pool) -> Event | None:
    """The event whose registration rules apply (window, deadline, validation, visibility):
    the event itself, or a course's first session that is not cancelled."""
    if isinstance(pool, Event):
        return pool
    return (
        pool.events.exclude(status=Event.Status.CANCELLED)
        .select_related("lab")
        .order_by("starts_at", "pk")
        .first()
    )


def seats_taken(pool: Pool) -> int:
    total = registrations_of(pool).filter(status__in=SEAT_STATUSES).aggregate(n=Sum("seats"))
    return total["n"] or 0


def seats_left(pool: Pool) -> int | None:
    """Seats still free; None when the pool has no limit."""
    if pool.capacity is None:
        return None
    return max(pool.capacity - seats_taken(pool), 0)


def waitlist_count(pool: Pool) -> int:
    return registrations_of(pool).filter(status=RegistrationStatus.WAITLISTED).count()


def lock_pool(pool: Pool) -> Pool:
    """The pool's row read again and locked until the transaction ends (on SQLite the
    IMMEDIATE transaction already holds the write lock, ADR 0003)."""
    locked = (
        type(pool)
        .objects.select_related("lab")
        .select_for_update(of=("self",))
        .filter(pk=pool.pk)
        .first()
    )
    if locked is None:
        raise NotFound(_("This event does not exist."), code="not_found")
    return locked
