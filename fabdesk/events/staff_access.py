"""Fetch-and-check for the staff's agenda pages: the lab's own events, series, tickets and
registrations, or 404 (another lab's do not exist here). Views are wrapped in
core.decorators.staff_required first: anonymous → login, a member → 403."""

from django.db.models import Q
from django.http import Http404

from .models import Event, EventSeries, EventType, Registration, TicketCategory
from .staff_selectors import event_for_staff


def staff_event(request, event_id: int) -> Event:
    event = event_for_staff(lab=request.lab, event_id=event_id)
    if event is None:
        raise Http404
    return event


def staff_series(request, series_id: int) -> EventSeries:
    series = EventSeries.objects.filter(lab=request.lab, pk=series_id).first()
    if series is None:
        raise Http404
    return series


def staff_event_type(request, type_id: int) -> EventType:
    event_type = EventType.objects.filter(lab=request.lab, pk=type_id).first()
    if event_type is None:
        raise Http404
    return event_type


def staff_ticket(request, ticket_id: int) -> TicketCategory:
    ticket = (
        TicketCategory.objects.select_related("event", "series")
        .filter(Q(event__lab=request.lab) | Q(series__lab=request.lab), pk=ticket_id)
        .first()
    )
    if ticket is None:
        raise Http404
    return ticket


def staff_registration(request, registration_id: int) -> Registration:
    registration = (
        Registration.objects.select_related("event", "series", "member", "category")
        .filter(Q(event__lab=request.lab) | Q(series__lab=request.lab), pk=registration_id)
        .first()
    )
    if registration is None:
        raise Http404
    return registration
