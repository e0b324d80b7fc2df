"""The staff's events endpoints, on the router of api.py: an event's registrations (a
course session's are the course's), validating one, and attendance (read and mark).
Another lab's events do not exist here (404); a member of the lab is refused (403)."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query

from fabdesk.core.errors import Forbidden

from .api import BODY_ERRORS, ERRORS, registration_for, router
from .api_payloads import registration_payload
from .attendance_services import attendance_mark, attendance_roster, attendance_totals
from .models import Event, Registration
from .permissions import can_manage_events
from .registration_services import registration_validate
from .schemas import (
    EventAttendanceIn,
    EventAttendanceList,
    EventAttendanceOut,
    EventRegistrationFilters,
    EventRegistrationList,
    EventRegistrationOut,
)
from .seats import pool_of
from .staff_selectors import pool_registrations, waitlist_positions
from .waitlist import waitlist_position


def _staff_only(user, lab_id: int) -> None:
    if not can_manage_events(user, lab_id):
        raise Forbidden(_("Only the lab's staff can do this."), code="staff_only")


def staff_event(user, event_id: int) -> Event:
    event = Event.objects.select_related("lab", "series").filter(pk=event_id).first()
    if event is None or event.lab_id != user.lab_id:
        raise Http404
    _staff_only(user, event.lab_id)
    return event


def _attendance_item(registration: Registration, mark) -> dict:
    return {
        "registration": registration.pk,
        "name": registration.name,
        "seats": registration.seats,
        "present": mark.present if mark else None,
        "present_count": mark.present_count if mark else None,
        "marked_at": mark.marked_at if mark else None,
    }


@router.get(
    "/events/{int:event_id}/registrations",
    response={200: EventRegistrationList, **ERRORS},
    summary="An event's registrations (staff)",
    description="Every registration of the event (a course session: the course's), those "
    "waiting for validation first, then seats, the waitlist in its order, unconfirmed "
    "visitors and cancelled ones. Filter with `status`.",
)
def list_registrations(request, event_id: int, filters: Query[EventRegistrationFilters]):
    event = staff_event(request.auth, event_id)
    registrations = pool_registrations(pool_of(event))
    positions = waitlist_positions(registrations)
    if filters.status:
        registrations = [r for r in registrations if r.status == filters.status]
    items = [registration_payload(r, position=positions.get(r.pk)) for r in registrations]
    return {"count": len(items), "items": items}


@router.post(
    "/registrations/{int:registration_id}/validate",
    response={200: EventRegistrationOut, **BODY_ERRORS},
    summary="Validate a registration (staff)",
    description="Accept a registration waiting for the lab's validation: its seats are "
    "confirmed and its person told. 409 `not_pending_validation`.",
)
def validate_registration(request, registration_id: int):
    registration = registration_for(request.auth, registration_id)
    registration = registration_validate(actor=request.auth, registration=registration)
    return registration_payload(registration, position=waitlist_position(registration))


@router.get(
    "/events/{int:event_id}/attendance",
    response={200: EventAttendanceList, **ERRORS},
    summary="An event's attendance (staff)",
    description="The people holding seats (a course session: the course's), each with "
    "whether they came to this event (`present` null: not marked yet).",
)
def get_attendance(request, event_id: int):
    event = staff_event(request.auth, event_id)
    rows = attendance_roster(event)
    present, expected = attendance_totals(rows)
    items = [_attendance_item(registration, mark) for registration, mark in rows]
    return {"event": event.pk, "present": present, "expected": expected, "items": items}


@router.post(
    "/events/{int:event_id}/attendance",
    response={200: EventAttendanceOut, **BODY_ERRORS},
    summary="Mark attendance (staff)",
    description="Whether a registration's people came (`present_count` of its seats, or all "
    "of them when null); marking again replaces the mark. 422 `event_not_started` (before "
    "an hour ahead of the start), `event_cancelled`, `not_registered`, `bad_count`.",
)
def mark_attendance(request, event_id: int, payload: EventAttendanceIn):
    event = staff_event(request.auth, event_id)
    mark = attendance_mark(
        actor=request.auth,
        event=event,
        registration=Registration(pk=payload.registration),
        present=payload.present,
        present_count=payload.present_count,
    )
    registration = Registration.objects.get(pk=mark.registration_id)
    return _attendance_item(registration, mark)
