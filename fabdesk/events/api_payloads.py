"""The events API's payloads, as fabdesk/events/schemas.py declares them: shared by the
public endpoints (api.py) and the staff's (staff_api.py)."""

from fabdesk.core.markdown import markdown_to_html

from .links import absolute, event_path
from .models import Event, Registration, TicketCategory


def ticket_payload(ticket: TicketCategory) -> dict:
    return {
        "id": ticket.pk,
        "name": ticket.name,
        "audience": ticket.audience,
        "price": str(ticket.price),
        "max_seats": ticket.max_seats,
    }


def _place(event: Event) -> str:
    if event.address:
        return event.address
    return event.space.name if event.space_id else event.lab.name


def event_payload(event: Event, *, tickets: list[TicketCategory]) -> dict:
    """An event annotated by selectors.with_seat_counts (a course session: the course's)."""
    capacity = event.seat_capacity
    space = event.space if event.space_id else None
    return {
        "id": event.pk,
        "title": event.title,
        "url": absolute(event_path(event)),
        "type": {
            "id": event.event_type_id,
            "name": event.event_type.name,
            "colour": event.event_type.colour,
        },
        "summary": event.summary,
        "description": event.description,
        "description_html": str(markdown_to_html(event.description)),
        "image": absolute(event.image.url) if event.image else None,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "place": _place(event),
        "space": {"id": space.pk, "name": space.name} if space else None,
        "audience": event.audience,
        "min_age": event.min_age,
        "max_age": event.max_age,
        "visibility": event.visibility,
        "status": event.status,
        "cancel_reason": event.cancel_reason,
        "registration_enabled": event.registration_enabled,
        "registration_opens_at": event.registration_opens_at,
        "registration_closes_at": event.registration_closes_at,
        "requires_validation": event.requires_validation,
        "capacity": capacity,
        "seats_taken": event.seats_taken_count,
        "seats_left": None if capacity is None else max(event.seats_left_count, 0),
        "waitlist_count": event.waitlist_count,
        "series": event.series_id,
        "is_course_session": bool(event.series_id and event.series.is_course),
        "tickets": [ticket_payload(ticket) for ticket in tickets],
    }


def registration_payload(registration: Registration, *, position: int | None) -> dict:
    return {
        "id": registration.pk,
        "event": registration.event_id,
        "series": registration.series_id,
        "status": registration.status,
        "name": registration.name,
        "email": registration.email,
        "member": registration.member_id,
        "category": {"id": registration.category_id, "name": registration.category.name},
        "seats": registration.seats,
        "unit_price": str(registration.unit_price),
        "price": str(registration.price),
        "waitlist_position": position,
        "note": registration.note,
        "created_at": registration.created_at,
        "cancelled_at": registration.cancelled_at,
    }
