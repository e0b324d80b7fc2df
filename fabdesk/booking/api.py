"""API endpoints of the booking engine: free slots of a machine, places left in a space,
booking, moving, listing, cancelling, check-in and close, and staff blocks. Each parses
input, calls one booking service or selector, returns a schema; refusals are rendered by
fabdesk.api's exception handlers."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from fabdesk.core.errors import Forbidden, Invalid
from fabdesk.core.selectors import lab_for_user
from fabdesk.equipment.models import Machine, Space
from fabdesk.equipment.permissions import machine_get, space_get
from fabdesk.members.models import User
from fabdesk.members.permissions import is_staff
from fabdesk.members.schemas import ErrorOut
from fabdesk.tokens.auth import OPTIONAL_AUTH, PUBLIC

from .block_services import block_create
from .checks import check_bookable
from .lifecycle import booking_check_in, booking_close
from .schemas import (
    AvailabilityOut,
    AvailabilityQuery,
    BlockIn,
    BookingFilters,
    BookingIn,
    BookingOut,
    BookingPage,
    MoveIn,
    SpaceAvailabilityOut,
    SpaceAvailabilityQuery,
)
from .selectors import availability, booking_list, space_availability
from .services import booking_cancel, booking_create, booking_get_for, booking_move

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


def _window(window: AvailabilityQuery) -> None:
    _aware(window.start, window.end)
    if window.end <= window.start or window.end - window.start > MAX_WINDOW:
        raise Invalid(_("Ask for an end after the start, at most 62 days later."), code="bad_range")


def _resources(machine_id: int | None, space_id: int | None) -> dict:
    """The machine or the space named, by primary key only: the service reads its row again,
    locked, and answers 404 for one of another lab (one read instead of two)."""
    return {
        "machine": Machine(pk=machine_id) if machine_id is not None else None,
        "space": Space(pk=space_id) if space_id is not None else None,
    }


@router.get(
    "/machines/{int:machine_id}/availability",
    response={200: AvailabilityOut, **ERRORS},
    auth=PUBLIC,
    openapi_extra=OPTIONAL_AUTH,
    summary="Free slots of a machine",
    description="The free intervals of the machine between `start` and `end` (at most 62 "
    "days): the lab's opening hours minus its bookings, blocks and their buffers. No "
    "authentication needed.",
)
def machine_availability(request, machine_id: int, window: Query[AvailabilityQuery]):
    _window(window)
    lab = lab_for_user(request.auth)
    machine = machine_get(lab=lab, machine_id=machine_id)
    machine.lab = lab  # the same row: spare reading it again
    slots = availability(machine=machine, start=window.start, end=window.end)
    return {"slots": [{"start": start, "end": end} for start, end in slots]}


@router.get(
    "/spaces/{int:space_id}/availability",
    response={200: SpaceAvailabilityOut, **ERRORS},
    auth=PUBLIC,
    openapi_extra=OPTIONAL_AUTH,
    summary="Places left in a space",
    description="When the space has at least `people` places left between `start` and `end` "
    "(at most 62 days), within the lab's opening hours, split where the places left change. "
    "422 `space_unavailable` for a space that is not booked. No authentication needed.",
)
def space_availability_view(request, space_id: int, window: Query[SpaceAvailabilityQuery]):
    _window(window)
    lab = lab_for_user(request.auth)
    space = space_get(lab=lab, space_id=space_id)
    space.lab = lab
    check_bookable(space)
    slots = space_availability(
        space=space, start=window.start, end=window.end, people=window.people
    )
    return {"slots": [{"start": s, "end": e, "places_left": left} for s, e, left in slots]}


@router.post(
    "/bookings",
    response={201: BookingOut, **ERRORS},
    summary="Book a machine or a space",
    description="Book a `machine`, or `people` places in a `space` (exactly one of the two: "
    "422 `machine_or_space`), for yourself; staff may give `member` to book for them and an "
    "`override_reason` to lift a limit or the certification (never an overlap or a full "
    "space). Refusals: 409 `slot_taken` or `space_full`, 403 `not_certified`, 422 with the "
    "broken rule's code (`too_many_people`, `outside_opening_hours`, `too_long`, …).",
)
def create_booking(request, payload: BookingIn):
    actor = request.auth
    member = actor
    if payload.member is not None and payload.member != actor.pk:
        if not is_staff(actor):
            raise Forbidden(_("You can only book for yourself."), code="not_your_booking")
        member = User.objects.filter(pk=payload.member, lab=actor.lab_id).first()
        if member is None:
            raise Invalid(_("There is no such member in this lab."), code="bad_member",
                          field="member")  # fmt: skip
    booking = booking_create(
        actor=actor, member=member, start=payload.start, end=payload.end, people=payload.people,
        override_reason=payload.override_reason, **_resources(payload.machine, payload.space),
    )  # fmt: skip
    return Status(201, booking)


@router.get(
    "/bookings",
    response={200: BookingPage, **ERRORS},
    summary="List bookings",
    description="Your own bookings; staff see every booking and block of the lab and may "
    "filter by `member`. Filters `machine`, `space`, `kind` (`booking` or `block`), `from`, "
    "`to`; cancelled bookings only when asked.",
)
def list_bookings(request, filters: Query[BookingFilters]):
    actor = request.auth
    _aware(filters.start_from, filters.to)
    bookings = booking_list(
        lab=actor.lab_id,
        member_id=filters.member if is_staff(actor) else actor.pk,
        machine_id=filters.machine,
        space_id=filters.space,
        kind=filters.kind,
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
    description="Cancel your booking before its cancellation deadline (422 "
    "`cancellation_deadline_passed` after it); staff cancel any booking of the lab, and end "
    "a block this way.",
)
def cancel_booking(request, booking_id: int):
    booking = booking_get_for(viewer=request.auth, booking_id=booking_id)
    return booking_cancel(actor=request.auth, booking=booking)


@router.post(
    "/bookings/{int:booking_id}/move",
    response={200: BookingOut, **ERRORS},
    summary="Move a booking",
    description="Give your booking new times, until its cancellation deadline; every rule of "
    "booking applies (the booking does not count against itself). Staff move any booking or "
    "block of the lab at any time, with an `override_reason` to lift a limit; the member is "
    "told. Refusals: 409 `slot_taken` or `space_full`, 422 `cancellation_deadline_passed`, "
    "`not_movable` and the broken rule's code.",
)
def move_booking(request, booking_id: int, payload: MoveIn):
    booking = booking_get_for(viewer=request.auth, booking_id=booking_id)
    return booking_move(actor=request.auth, booking=booking, start=payload.start,
                        end=payload.end, override_reason=payload.override_reason)  # fmt: skip


@router.post(
    "/bookings/{int:booking_id}/check-in",
    response={200: BookingOut, **ERRORS},
    summary="Check in a booking",
    description="You are at the machine or in the space: check in your booking from 15 "
    "minutes before its start until its end; staff check in any booking of the lab. "
    "Refusals: 422 `too_early`, `too_late`, `booking_cancelled`, `already_checked_in`, "
    "`marked_no_show`, `machine_unavailable`, `is_block`.",
)
def check_in_booking(request, booking_id: int):
    booking = booking_get_for(viewer=request.auth, booking_id=booking_id)
    return booking_check_in(actor=request.auth, booking=booking)


@router.post(
    "/bookings/{int:booking_id}/close",
    response={200: BookingOut, **ERRORS},
    summary="Close a booking",
    description="You are done: close your checked-in booking (staff: any of the lab). For a "
    "machine, the time used goes to its hours counter and renews your certification. "
    "Refusals: 422 `not_checked_in`, `already_closed`.",
)
def close_booking(request, booking_id: int):
    booking = booking_get_for(viewer=request.auth, booking_id=booking_id)
    return booking_close(actor=request.auth, booking=booking)


@router.post(
    "/blocks",
    response={201: BookingOut, **ERRORS},
    summary="Block a machine or a space",
    description="Staff only (403 `staff_only`): close a `machine` or a whole `space` from "
    "`start` to `end` for maintenance or private use, saying why in `note` (422 "
    "`note_required`). Bookings in the way refuse it (409 `block_conflicts`, naming them) "
    "unless `cancel_conflicting`: then they are cancelled and their members told. End a "
    "block with `DELETE /bookings/{id}`, move it with `POST /bookings/{id}/move`.",
)
def create_block(request, payload: BlockIn):
    block = block_create(
        actor=request.auth, start=payload.start, end=payload.end, note=payload.note,
        cancel_conflicting=payload.cancel_conflicting,
        **_resources(payload.machine, payload.space),
    )  # fmt: skip
    return Status(201, block)
