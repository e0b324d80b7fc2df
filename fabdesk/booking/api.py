"""API endpoints of the booking engine: a machine's free slots, booking, listing and
cancelling. Each parses input, calls one booking service or selector, returns a schema;
refusals are rendered by fabdesk.api's exception handlers."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from fabdesk.core.errors import Forbidden, Invalid
from fabdesk.core.selectors import lab_for_user
from fabdesk.equipment.permissions import machine_get
from fabdesk.members.models import User
from fabdesk.members.permissions import is_staff
from fabdesk.members.schemas import ErrorOut
from fabdesk.tokens.auth import OPTIONAL_AUTH, PUBLIC

from .lifecycle import booking_check_in
from .schemas import (
    AvailabilityOut,
    AvailabilityQuery,
    BookingFilters,
    BookingIn,
    BookingOut,
    BookingPage,
)
from .selectors import availability, booking_list
from .services import booking_cancel, booking_create, booking_get_for

MAX_WINDOW = dt.timedelta(days=62)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
          422: ErrorOut, 429: ErrorOut}  # fmt: skip

router = Router()


def _aware(*moments: dt.datetime | None) -> None:
    if any(moment is not None and timezone.is_naive(moment) for moment in moments):
        raise Invalid(
            _("Give the start and end with their time zone offset (e.g. 2025-03-01T10:00+01:00)."),
            code="naive_datetime",
        )


@router.get(
    "/machines/{int:machine_id}/availability",
    response={200: AvailabilityOut, **ERRORS},
    auth=PUBLIC,
    openapi_extra=OPTIONAL_AUTH,
    summary="Free slots of a machine",
    description="The free intervals of the machine between `start` and `end` (at most 62 "
    "days): the lab's opening hours minus its bookings and their buffers. No authentication "
    "needed.",
)
def machine_availability(request, machine_id: int, window: Query[AvailabilityQuery]):
    _aware(window.start, window.end)
    if window.end <= window.start or window.end - window.start > MAX_WINDOW:
        raise Invalid(_("Ask for an end after the start, at most 62 days later."), code="bad_range")
    machine = machine_get(lab=lab_for_user(request.auth), machine_id=machine_id)
    slots = availability(machine=machine, start=window.start, end=window.end)
    return {"slots": [{"start": start, "end": end} for start, end in slots]}


@router.post(
    "/bookings",
    response={201: BookingOut, **ERRORS},
    summary="Book a machine",
    description="Book a machine for yourself; staff may give `member` to book for them and an "
    "`override_reason` to lift a limit or the certification (never an overlap). Refusals: "
    "409 `slot_taken`, 403 `not_certified`, 422 with the broken rule's code.",
)
def create_booking(request, payload: BookingIn):
    actor = request.auth
    machine = machine_get(lab=actor.lab, machine_id=payload.machine)
    member = actor
    if payload.member is not None and payload.member != actor.pk:
        if not is_staff(actor):
            raise Forbidden(_("You can only book for yourself."), code="not_your_booking")
        member = User.objects.filter(pk=payload.member, lab=actor.lab).first()
        if member is None:
            raise Invalid(_("There is no such member in this lab."), code="bad_member",
                          field="member")  # fmt: skip
    booking = booking_create(
        actor=actor, machine=machine, member=member, start=payload.start, end=payload.end,
        override_reason=payload.override_reason,
    )  # fmt: skip
    return Status(201, booking)


@router.get(
    "/bookings",
    response={200: BookingPage, **ERRORS},
    summary="List bookings",
    description="Your own bookings; staff see every booking of the lab and may filter by "
    "`member`. Filters `machine`, `from`, `to`; cancelled bookings only when asked.",
)
def list_bookings(request, filters: Query[BookingFilters]):
    actor = request.auth
    _aware(filters.start_from, filters.to)
    bookings = booking_list(
        lab=actor.lab,
        member_id=filters.member if is_staff(actor) else actor.pk,
        machine_id=filters.machine,
        start_from=filters.start_from,
        start_to=filters.to,
        include_cancelled=filters.include_cancelled,
    )
    return {
        "count": bookings.count(),
        "items": list(bookings[filters.offset : filters.offset + filters.limit]),
    }


@router.delete(
    "/bookings/{int:booking_id}",
    response={200: BookingOut, **ERRORS},
    summary="Cancel a booking",
    description="Cancel your booking before the machine's cancellation deadline (422 "
    "`cancellation_deadline_passed` after it); staff cancel any booking of the lab.",
)
def cancel_booking(request, booking_id: int):
    booking = booking_get_for(viewer=request.auth, booking_id=booking_id)
    return booking_cancel(actor=request.auth, booking=booking)


@router.post(
    "/bookings/{int:booking_id}/check-in",
    response={200: BookingOut, **ERRORS},
    summary="Check in a booking",
    description="You are at the machine: check in your booking from 15 minutes before its "
    "start until its end; staff check in any booking of the lab. Refusals: 422 `too_early`, "
    "`too_late`, `booking_cancelled`, `already_checked_in`, `marked_no_show`, "
    "`machine_unavailable`.",
)
def check_in_booking(request, booking_id: int):
    booking = booking_get_for(viewer=request.auth, booking_id=booking_id)
    return booking_check_in(actor=request.auth, booking=booking)
