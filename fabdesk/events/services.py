"""Staff's changes to the agenda: event types, events (create, change, publish, cancel,
duplicate) and their ticket categories. Registrations live in registration_services.py,
series in series_services.py, the waitlist in waitlist.py.

Each service checks that the actor is staff of the event's lab, validates with the model's
own rules (raising `Invalid` on the field at fault), writes in one transaction and records an
audit entry. A change of capacity gives freed seats to the waitlist at once."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from fabdesk.core.errors import Conflict, Forbidden, Invalid
from fabdesk.core.services import audit_record, model_diff, model_snapshot

from .models import Event, EventSeries, EventStatus, EventType, RegistrationStatus, TicketCategory
from .notices import tell_registrant
from .permissions import can_manage_events
from .seats import lock_pool, pool_of, registrations_of, seats_taken
from .signals import registration_cancelled
from .waitlist import waitlist_promote

EVENT_FIELDS = [
    "event_type", "title", "slug", "summary", "description", "image", "space", "address",
    "starts_at", "ends_at", "audience", "min_age", "max_age", "visibility",
    "registration_enabled", "capacity", "registration_opens_at", "registration_closes_at",
    "cancel_deadline_hours", "requires_validation", "what_to_bring",
]  # fmt: skip
CATEGORY_FIELDS = ["name", "audience", "price", "max_seats", "is_active", "position"]
LIVE = [
    RegistrationStatus.PENDING_CONFIRMATION, RegistrationStatus.PENDING_VALIDATION,
    RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED,
]  # fmt: skip


def require_staff(actor, lab_id: int) -> None:
    if not can_manage_events(actor, lab_id):
        raise Forbidden(_("Only the lab's staff can change the agenda."), code="staff_only")


def validated(instance, *, exclude: list[str] | None = None) -> None:
    """The model's own rules (fields and constraints) as an `Invalid` on the field at fault."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise Invalid(
            messages[0], code="invalid", field=None if field == "__all__" else field
        ) from None


def _check_fields(fields: dict[str, Any], allowed: list[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")


def _check_same_lab(event: Event) -> None:
    if event.event_type.lab_id != event.lab_id:
        raise Invalid(_("Choose one of the lab's event types."), code="invalid", field="event_type")
    if event.space_id and event.space.lab_id != event.lab_id:
        raise Invalid(_("Choose one of the lab's spaces."), code="invalid", field="space")
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        value = getattr(event, name)
        if value is not None and timezone.is_naive(value):
            raise Invalid(_("Give a date with its time zone."), code="naive_datetime", field=name)


@transaction.atomic
def event_type_create(*, actor, lab, name: str, colour: str = "#3b82f6", position: int = 0):
    require_staff(actor, lab.pk)
    event_type = EventType(lab=lab, name=name.strip(), colour=colour, position=position)
    validated(event_type)
    event_type.save()
    audit_record(actor=actor, target=event_type, action="events.type_created")
    return event_type


@transaction.atomic
def event_type_update(*, actor, event_type: EventType, **fields) -> EventType:
    require_staff(actor, event_type.lab_id)
    allowed = ["name", "colour", "position", "is_active"]
    _check_fields(fields, allowed)
    before = model_snapshot(event_type, allowed)
    for name, value in fields.items():
        setattr(event_type, name, value)
    validated(event_type)
    event_type.save()
    changes = model_diff(before, event_type, allowed)
    if changes:
        audit_record(actor=actor, target=event_type, action="events.type_changed", changes=changes)
    return event_type


def _set_people(event: Event, *, machines=None, trainers=None, invited=None) -> None:
    if machines is not None:
        event.machines.set([m for m in machines if m.lab_id == event.lab_id])
    if trainers is not None:
        event.trainers.set(trainers)
    if invited is not None:
        event.invited.set(invited)


@transaction.atomic
def event_create(
    *,
    actor,
    lab,
    categories: list[dict[str, Any]] | None = None,
    machines=(),
    trainers=(),
    invited=(),
    series: EventSeries | None = None,
    status: str = EventStatus.DRAFT,
    **fields,
) -> Event:
    """A new event of the lab (a draft unless `status` says otherwise), with its ticket
    categories (dicts of TicketCategory fields); without any, one free ticket is made."""
    require_staff(actor, lab.pk)
    _check_fields(fields, EVENT_FIELDS)
    event = Event(lab=lab, created_by=actor, series=series, status=status, **fields)
    event.slug = event.slug or slugify(event.title)[:80]
    validated(event, exclude=["series"])
    _check_same_lab(event)
    event.save()
    _set_people(event, machines=machines, trainers=trainers, invited=invited)
    if not (series is not None and series.is_course):
        for data in categories or [{"name": _("Free"), "audience": "free"}]:
            category_new(event=event, **data)
    audit_record(actor=actor, target=event, action="events.event_created")
    return event


@transaction.atomic
def event_update(*, actor, event: Event, machines=None, trainers=None, invited=None,
                 **fields) -> Event:  # fmt: skip
    """Change an event (one date of a series alone). More seats go to the waitlist at once;
    fewer than the seats already taken is refused."""
    require_staff(actor, event.lab_id)
    _check_fields(fields, EVENT_FIELDS)
    event = lock_pool(event)
    before = model_snapshot(event, EVENT_FIELDS)
    for name, value in fields.items():
        setattr(event, name, value)
    event.slug = event.slug or slugify(event.title)[:80]
    validated(event)
    _check_same_lab(event)
    if pool_of(event) is event and event.capacity is not None:
        taken = seats_taken(event)
        if event.capacity < taken:
            raise Invalid(
                _("%(taken)s seats are already taken: the event cannot have fewer.")
                % {"taken": taken},
                code="capacity_below_taken",
                field="capacity",
            )
    event.save()
    _set_people(event, machines=machines, trainers=trainers, invited=invited)
    changes = model_diff(before, event, EVENT_FIELDS)
    if changes:
        audit_record(actor=actor, target=event, action="events.event_changed", changes=changes)
    if "capacity" in changes and pool_of(event) is event:
        waitlist_promote(pool=event)
    return event


@transaction.atomic
def event_publish(*, actor, event: Event) -> Event:
    require_staff(actor, event.lab_id)
    event = lock_pool(event)
    if event.status != EventStatus.DRAFT:
        raise Conflict(_("Only a draft can be published."), code="not_draft")
    event.status = EventStatus.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, target=event, action="events.event_published",
        changes={"status": [EventStatus.DRAFT, EventStatus.PUBLISHED]},
    )  # fmt: skip
    return event


@transaction.atomic
def event_cancel(*, actor, event: Event, reason: str) -> int:
    """Cancel an event: every registration for it is cancelled and its person told by mail
    with the reason (refunds follow billing's rules once it exists). A course session
    cancelled alone leaves the course registrations in place; their people are told.
    Returns how many registrations were told."""
    require_staff(actor, event.lab_id)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Say why the event is cancelled: attendees will read it."),
                      code="reason_missing", field="reason")  # fmt: skip
    event = lock_pool(event)
    if event.is_cancelled:
        raise Conflict(_("This event is already cancelled."), code="already_cancelled")
    now = timezone.now()
    event.status, event.cancel_reason, event.cancelled_at = EventStatus.CANCELLED, reason, now
    event.save(update_fields=["status", "cancel_reason", "cancelled_at", "updated_at"])
    pool = pool_of(event)
    registrations = list(registrations_of(pool).filter(status__in=LIVE).select_related("member"))
    for registration in registrations:
        if pool is event:
            registration.status, registration.cancelled_at = RegistrationStatus.CANCELLED, now
            registration.cancelled_by, registration.cancel_reason = actor, reason[:300]
            registration.save(
                update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"]
            )
            registration_cancelled.send(
                sender=type(registration), registration=registration, actor=actor, by_lab=True
            )
        if registration.status != RegistrationStatus.PENDING_CONFIRMATION:
            tell_registrant(registration, what="event_cancelled", reason=reason, session=event)
    audit_record(
        actor=actor, target=event, action="events.event_cancelled",
        changes={"registrations": len(registrations)}, reason=reason,
    )  # fmt: skip
    return len(registrations)


@transaction.atomic
def event_duplicate(*, actor, event: Event, starts_at: dt.datetime) -> Event:
    """A draft copy of `event` starting at `starts_at`: same length, registration dates
    shifted alike, same tickets, machines, trainers and invitations; no registrations."""
    require_staff(actor, event.lab_id)
    if timezone.is_naive(starts_at):
        raise Invalid(
            _("Give a date with its time zone."), code="naive_datetime", field="starts_at"
        )
    shift = starts_at - event.starts_at
    fields = {name: getattr(event, name) for name in EVENT_FIELDS}
    fields.update(starts_at=starts_at, ends_at=event.ends_at + shift)
    for name in ("registration_opens_at", "registration_closes_at"):
        if fields[name] is not None:
            fields[name] = fields[name] + shift
    categories = [
        {name: getattr(category, name) for name in CATEGORY_FIELDS}
        for category in event.categories.all()
    ]
    return event_create(
        actor=actor,
        lab=event.lab,
        categories=categories or None,
        machines=list(event.machines.all()),
        trainers=list(event.trainers.all()),
        invited=list(event.invited.all()),
        **fields,
    )


def category_new(*, event: Event | None = None, series: EventSeries | None = None, **data):
    _check_fields(data, CATEGORY_FIELDS)
    category = TicketCategory(event=event, series=series, **data)
    validated(category, exclude=["event", "series"])
    category.save()
    return category


@transaction.atomic
def ticket_category_create(
    *, actor, event: Event | None = None, series: EventSeries | None = None, **data
) -> TicketCategory:
    """A ticket (name, audience, price per seat, seats per registration at most) for an
    event, or for a course series."""
    owner = event if event is not None else series
    if owner is None:
        raise Invalid(_("Choose an event."), code="no_event")
    require_staff(actor, owner.lab_id)
    category = category_new(event=event, series=series, **data)
    audit_record(actor=actor, target=owner, action="events.ticket_created",
                 changes={"ticket": [None, category.name]})  # fmt: skip
    return category


@transaction.atomic
def ticket_category_update(*, actor, category: TicketCategory, **fields) -> TicketCategory:
    """Change a ticket; registrations keep the price they were made at."""
    owner = category.event if category.event_id else category.series
    require_staff(actor, owner.lab_id)
    _check_fields(fields, CATEGORY_FIELDS)
    before = model_snapshot(category, CATEGORY_FIELDS)
    for name, value in fields.items():
        setattr(category, name, value)
    validated(category)
    category.save()
    changes = model_diff(before, category, CATEGORY_FIELDS)
    if changes:
        audit_record(actor=actor, target=owner, action="events.ticket_changed", changes=changes)
    return category
