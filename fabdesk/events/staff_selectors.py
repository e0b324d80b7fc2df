"""Reads of the staff's agenda pages: the event list with fill rates and attendance, a
pool's registrations, the events a registration may move to. Counts are done in the query,
so a list costs the same for 10 events or 10,000."""

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Attendance, Event, EventStatus, Registration, RegistrationStatus, SeriesKind
from .seats import Pool, registrations_of
from .selectors import with_seat_counts

# Registrations in the order staff read them: seats first, then the waitlist in its order.
STATUS_ORDER = [
    RegistrationStatus.PENDING_VALIDATION,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.PENDING_CONFIRMATION,
    RegistrationStatus.CANCELLED,
]


def people_present() -> Coalesce:
    """How many people came to the event: each registration marked present counts its
    `present_count`, or all its seats."""
    rows = (
        Attendance.objects.filter(event=OuterRef("pk"), present=True)
        .order_by()
        .values("event")
        .annotate(total=Sum(Coalesce("present_count", "registration__seats")))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_attendance(events: QuerySet[Event]) -> QuerySet[Event]:
    """Seat counts (selectors.with_seat_counts) and `present_count`: people who came."""
    return with_seat_counts(events).annotate(present_count=people_present())


def staff_events(
    *, lab, when: str = "upcoming", event_type_id: int | None = None, status: str = ""
) -> QuerySet[Event]:
    """The lab's events (drafts, private and cancelled ones included) with their type,
    space, seats and attendance: upcoming soonest first, past latest first."""
    now = timezone.now()
    events = Event.objects.filter(lab=lab).select_related("event_type", "space", "series")
    if when == "upcoming":
        events = events.filter(ends_at__gt=now).order_by("starts_at", "pk")
    elif when == "past":
        events = events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    else:
        events = events.order_by("-starts_at", "-pk")
    if event_type_id:
        events = events.filter(event_type_id=event_type_id)
    if status:
        events = events.filter(status=status)
    return with_attendance(events)


def event_for_staff(*, lab, event_id: int) -> Event | None:
    return (
        with_attendance(Event.objects.filter(lab=lab, pk=event_id))
        .select_related("lab", "event_type", "space", "series")
        .first()
    )


def pool_registrations(pool: Pool) -> list[Registration]:
    """Every registration of the pool in STATUS_ORDER; within a status, in arrival order
    (the waitlist's own order: on it since, then id)."""
    rank = {status: index for index, status in enumerate(STATUS_ORDER)}
    rows = registrations_of(pool).select_related("member", "category", "added_by")
    return sorted(
        rows, key=lambda r: (rank.get(r.status, 99), r.waitlisted_at or r.created_at, r.pk)
    )


def waitlist_positions(registrations: list[Registration]) -> dict[int, int]:
    """{registration id: place on the waitlist (1 is next)} for the waitlisted ones of a
    pool_registrations() list."""
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITLISTED]
    return {registration.pk: place for place, registration in enumerate(waiting, start=1)}


def move_targets(*, lab, event: Event) -> QuerySet[Event]:
    """Where a registration of `event` may go: the lab's other events that take
    registrations, are not over or cancelled, and are not course sessions."""
    return (
        Event.objects.filter(
            lab=lab, registration_enabled=True, ends_at__gt=timezone.now(),
            status__in=[EventStatus.DRAFT, EventStatus.PUBLISHED],
        )
        .exclude(pk=event.pk)
        .exclude(Q(series__kind=SeriesKind.COURSE))
        .select_related("event_type")
        .order_by("starts_at", "pk")
    )  # fmt: skip
