"""Reads about the agenda, with joins and seat counts done in the query so a list costs the
same for 10 events or 10,000."""

import datetime as dt

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import (
    SEAT_STATUSES,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
    SeriesKind,
    TicketCategory,
    Visibility,
)
from .seats import registrations_of


def _total(statuses, *, count: bool = False, **link) -> Coalesce:
    rows = (
        Registration.objects.filter(status__in=statuses, **link)
        .order_by()
        .values(*link.keys())
        .annotate(total=Count("pk") if count else Sum("seats"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _per_pool(statuses, *, count: bool = False) -> Case:
    """A course session counts its course's registrations, any other event its own."""
    return Case(
        When(
            series__kind=SeriesKind.COURSE,
            then=_total(statuses, count=count, series=OuterRef("series")),
        ),
        default=_total(statuses, count=count, event=OuterRef("pk")),
    )


def with_seat_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Adds `seats_taken_count`, `waitlist_count`, `seat_capacity` and `seats_left_count`
    (both None: no limit), each the course's for a course session."""
    annotated = events.select_related("series").annotate(
        seats_taken_count=_per_pool(SEAT_STATUSES),
        waitlist_count=_per_pool([RegistrationStatus.WAITLISTED], count=True),
        seat_capacity=Case(
            When(series__kind=SeriesKind.COURSE, then=F("series__capacity")),
            default=F("capacity"),
        ),
    )
    return annotated.annotate(seats_left_count=F("seat_capacity") - F("seats_taken_count"))


def agenda(
    *,
    lab,
    event_type_id: int | None = None,
    audience: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Event]:
    """Upcoming (not finished) published public events of the lab, soonest first, with
    their type, space, seat counts and tickets on sale. `audience` looks in the event's
    "for whom" text; the dates are days in the lab's zone, both included."""
    tz = lab.tzinfo
    events = Event.objects.filter(
        lab=lab,
        status=EventStatus.PUBLISHED,
        visibility=Visibility.PUBLIC,
        ends_at__gt=timezone.now(),
    )
    if event_type_id:
        events = events.filter(event_type_id=event_type_id)
    if audience:
        events = events.filter(audience__icontains=audience)
    if date_from:
        events = events.filter(ends_at__gte=dt.datetime.combine(date_from, dt.time(), tzinfo=tz))
    if date_to:
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        events = events.filter(starts_at__lt=end)
    on_sale = TicketCategory.objects.filter(is_active=True).order_by("position", "pk")
    return (
        with_seat_counts(events)
        .select_related("event_type", "space", "lab")
        .prefetch_related(Prefetch("categories", queryset=on_sale, to_attr="tickets"))
        .order_by("starts_at", "pk")
    )


def tickets_on_sale(pool) -> list[TicketCategory]:
    return list(pool.categories.filter(is_active=True).order_by("position", "pk"))


def member_registrations(*, member) -> QuerySet[Registration]:
    """A member's registrations (with their event or course), latest events last."""
    return (
        Registration.objects.filter(member=member)
        .select_related("event", "event__lab", "series", "series__lab", "category")
        .order_by("-created_at", "-pk")
    )


def live_registration(*, pool, email: str) -> Registration | None:
    """The registration this address holds now for the pool, if any."""
    return (
        registrations_of(pool)
        .filter(email=email.lower())
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
