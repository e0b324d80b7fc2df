"""API endpoints of the agenda, mounted at the API root (paths `/events…` and
`/registrations…`): the upcoming public events and one event (anyone), registering (a
member with their token or session, a visitor with a name and an email, staff for someone
else), and cancelling one's registration. The staff's endpoints (an event's registrations,
validating, attendance) are in staff_api.py, on the same router.

Each endpoint parses input, calls the events selectors or services, and returns a schema;
refusals are rendered by fabdesk.api's exception handlers as {"detail", "code"}."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from fabdesk.core.errors import Forbidden, Invalid, NotFound
from fabdesk.core.selectors import lab_for_user
from fabdesk.members.models import User
from fabdesk.members.schemas import ErrorOut
from fabdesk.tokens.auth import OPTIONAL_AUTH, PUBLIC

from .api_payloads import event_payload, registration_payload
from .models import Event, Registration, TicketCategory
from .notices import registration_pool, sessions_of
from .permissions import can_manage_events, event_get_for_viewer, token_matches
from .registration_services import registration_cancel, registration_create
from .schemas import (
    EventCancelIn,
    EventDetailOut,
    EventFilters,
    EventPage,
    EventRegistrationIn,
    EventRegistrationOut,
)
from .seats import pool_filter, pool_of
from .selectors import agenda, live_registration, tickets_on_sale, with_seat_counts
from .waitlist import waitlist_position

PUBLIC_ERRORS = {401: ErrorOut, 422: ErrorOut, 429: ErrorOut}
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
BODY_ERRORS = {400: ErrorOut, 409: ErrorOut, **ERRORS}

router = Router()


def lab_of(request):
    return lab_for_user(request.auth)


def viewable_event(request, event_id: int, *, token: str = "") -> Event:
    """An event of the caller's lab (a visitor's: the first lab) they may see: a private
    one only for staff, the invited and its trainers (or with its link's token); a draft
    only for staff. Anything else does not exist."""
    event = event_get_for_viewer(user=request.auth, event_id=event_id, token=token)
    lab = lab_of(request)
    if lab is None or event.lab_id != lab.pk:
        raise Http404
    return event


def _detail(request, event: Event) -> dict:
    event = (
        with_seat_counts(Event.objects.filter(pk=event.pk))
        .select_related("event_type", "space", "lab")
        .get()
    )
    pool = pool_of(event)
    user = request.auth
    mine = live_registration(pool=pool, email=user.email) if user.is_authenticated else None
    data = event_payload(event, tickets=tickets_on_sale(pool))
    data.update(
        what_to_bring=event.what_to_bring,
        cancel_deadline_hours=event.cancel_deadline_hours,
        machines=[{"id": m.pk, "name": m.name} for m in event.machines.all()],
        trainers=[t.get_full_name() or t.get_short_name() for t in event.trainers.all()],
        sessions=[
            {"id": s.pk, "starts_at": s.starts_at, "ends_at": s.ends_at, "status": s.status}
            for s in (sessions_of(pool) if pool is not event else [])
        ],
        my_registration={
            "id": mine.pk,
            "status": mine.status,
            "seats": mine.seats,
            "waitlist_position": waitlist_position(mine),
        }
        if mine
        else None,
    )
    return data


@router.get(
    "/events",
    response={200: EventPage, **PUBLIC_ERRORS},
    auth=PUBLIC,
    openapi_extra=OPTIONAL_AUTH,
    summary="List upcoming events",
    description="The lab's upcoming public events, soonest first, with seats and tickets on "
    "sale; no authentication needed. Private events and drafts are never listed. `from` and "
    "`to` are days in the lab's time zone.",
)
def list_events(request, filters: Query[EventFilters]):
    if filters.from_ and filters.to and filters.to < filters.from_:
        raise Invalid(_("The last day comes before the first one."), code="bad_dates", field="to")
    events = agenda(
        lab=lab_of(request),
        event_type_id=filters.type,
        audience=filters.audience.strip(),
        date_from=filters.from_,
        date_to=filters.to,
    )
    page = events[filters.offset : filters.offset + filters.limit]
    return {
        "count": events.count(),
        "items": [event_payload(event, tickets=event.tickets) for event in page],
    }


@router.get(
    "/events/{int:event_id}",
    response={200: EventDetailOut, 404: ErrorOut, **PUBLIC_ERRORS},
    auth=PUBLIC,
    openapi_extra=OPTIONAL_AUTH,
    summary="One event",
    description="An event with its tickets, seats, a course's sessions and the caller's "
    "registration. A private event is 404 unless the caller is staff, invited or one of its "
    "trainers; a draft is 404 unless the caller is staff.",
)
def get_event(request, event_id: int):
    return _detail(request, viewable_event(request, event_id))


def _ticket(pool, category_id: int) -> TicketCategory:
    ticket = TicketCategory.objects.filter(pk=category_id, **pool_filter(pool)).first()
    if ticket is None:
        raise Invalid(
            _("Choose one of this event's tickets."), code="bad_category", field="category"
        )
    return ticket


def _member(request, event: Event, member_id: int | None):
    if member_id is None:
        return None
    if not can_manage_events(request.auth, event.lab_id):
        raise Forbidden(_("Only the lab's staff can register someone else."), code="staff_only")
    member = User.objects.filter(pk=member_id, lab_id=event.lab_id).first()
    if member is None:
        raise NotFound(_("This member does not exist."), code="not_found", field="member")
    return member


@router.post(
    "/events/{int:event_id}/registrations",
    response={201: EventRegistrationOut, **BODY_ERRORS},
    auth=PUBLIC,
    openapi_extra=OPTIONAL_AUTH,
    summary="Register for an event",
    description="A member (token or session) registers themself; a visitor (no credentials) "
    "gives `name` and `email` and gets a mail to confirm the address (`status` "
    "`pending_confirmation`: no seat is held until then); the lab's staff register a member "
    "(`member`) or anyone (`name`, `email`). A course session registers for the whole "
    "course. Refusal codes: 409 `already_registered`; 422 `registration_closed`, "
    "`registration_not_open`, `event_cancelled`, `event_past`, `event_started`, "
    "`too_many_seats`, `invalid_email`, `name_missing`, `bad_category`, "
    "`category_unavailable`, `members_only`, `registration_disabled`; 403 `staff_only`; 404.",
)
def register(request, event_id: int, payload: EventRegistrationIn):
    user = request.auth
    event = viewable_event(request, event_id, token=payload.access_token)
    registration = registration_create(
        actor=user if user.is_authenticated else None,
        event=event,
        category=_ticket(pool_of(event), payload.category),
        seats=payload.seats,
        member=_member(request, event, payload.member),
        name=payload.name,
        email=payload.email,
        language=request.LANGUAGE_CODE,
        note=payload.note,
        access_token=payload.access_token if token_matches(event, payload.access_token) else "",
    )
    return Status(201, registration_payload(registration, position=waitlist_position(registration)))


def registration_for(user, registration_id: int) -> Registration:
    """A registration the caller may act on: their own, or (staff) one of their lab's."""
    registration = (
        Registration.objects.select_related("event", "series", "category")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        raise Http404
    own = registration.member_id == user.pk
    if not own and not can_manage_events(user, registration_pool(registration).lab_id):
        raise Http404
    return registration


@router.delete(
    "/registrations/{int:registration_id}",
    response={200: EventRegistrationOut, **BODY_ERRORS},
    summary="Cancel a registration",
    description="The caller's own registration (seats until the event's cancellation "
    "deadline, a waitlist place until the start), or any of the lab's for staff, with an "
    "optional `reason`. Freed seats go to the waitlist, whose people are told. 409 "
    "`already_cancelled`; 422 `deadline_passed`, `event_started`; 404 for a registration "
    "that is not the caller's.",
)
def cancel_registration(request, registration_id: int, body: Query[EventCancelIn]):
    registration = registration_for(request.auth, registration_id)
    registration = registration_cancel(
        actor=request.auth, registration=registration, reason=body.reason
    )
    return registration_payload(registration, position=None)


from . import staff_api  # noqa: E402, F401  (the staff's endpoints, on this router)
