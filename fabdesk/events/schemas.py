"""API schemas for the agenda: events as anyone reads them (with seats and tickets), one
event in detail (a course's sessions, the caller's registration), registering, a
registration as its person and the staff read it, and attendance.

Names start with Event… so they never clash with another app's in the OpenAPI document.
Amounts are decimal strings in the lab's currency; datetimes are ISO 8601 with their
offset."""

import datetime
from typing import Literal

from ninja import Field, Schema

EventStatusName = Literal["draft", "published", "cancelled"]
EventVisibilityName = Literal["public", "private"]
EventAudienceName = Literal["member", "non_member", "reduced", "free"]
MAX_ID = 2_147_483_647  # ids beyond any database's integer are refused as input errors
EventRegistrationStatusName = Literal[
    "pending_confirmation", "pending_validation", "confirmed", "waitlisted", "cancelled"
]


class EventFilters(Schema):
    type: int | None = Field(None, ge=1, le=MAX_ID, description="Event type id.")
    audience: str = Field("", max_length=100, description="Words of the “for whom” text.")
    from_: datetime.date | None = Field(
        None, alias="from", description="First day (the lab's time zone); default: today."
    )
    to: datetime.date | None = Field(None, description="Last day, included.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class EventTypeRef(Schema):
    id: int
    name: str
    colour: str = Field(..., description="#rrggbb")


class EventSpaceRef(Schema):
    id: int
    name: str


class EventTicketOut(Schema):
    """A ticket on sale: its price per seat, and how many seats one registration may take."""

    id: int
    name: str
    audience: EventAudienceName
    price: str = Field(..., description="Decimal amount per seat in the lab's currency.")
    max_seats: int


class EventOut(Schema):
    """An event of the agenda. A course session counts the course's seats."""

    id: int
    title: str
    url: str = Field(..., description="The event's page.")
    type: EventTypeRef
    summary: str
    description: str = Field(..., description="Markdown, as written by staff.")
    description_html: str = Field(..., description="The description as sanitised HTML.")
    image: str | None = Field(..., description="The image's address, or null.")
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str = Field(..., description="The space's name, the address, or the lab's name.")
    space: EventSpaceRef | None
    audience: str = Field(..., description="For whom (free text).")
    min_age: int | None
    max_age: int | None
    visibility: EventVisibilityName
    status: EventStatusName
    cancel_reason: str
    registration_enabled: bool = Field(..., description="False: a drop-in event.")
    registration_opens_at: datetime.datetime | None
    registration_closes_at: datetime.datetime | None = Field(
        ..., description="Null: registration closes at the start."
    )
    requires_validation: bool
    capacity: int | None = Field(..., description="Seats in all; null: no limit.")
    seats_taken: int
    seats_left: int | None = Field(..., description="Null: no limit.")
    waitlist_count: int
    series: int | None = Field(..., description="The series (course or recurring) it is of.")
    is_course_session: bool = Field(
        ..., description="True: one registration for the whole course covers it."
    )
    tickets: list[EventTicketOut] = Field(..., description="Tickets on sale.")


class EventPage(Schema):
    count: int
    items: list[EventOut]


class EventSessionRef(Schema):
    id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: EventStatusName


class EventMyRegistration(Schema):
    id: int
    status: EventRegistrationStatusName
    seats: int
    waitlist_position: int | None


class EventDetailOut(EventOut):
    what_to_bring: str
    cancel_deadline_hours: int
    machines: list[EventSpaceRef] = Field(..., description="Machines used ({id, name}).")
    trainers: list[str] = Field(..., description="Trainers' names.")
    sessions: list[EventSessionRef] = Field(
        ..., description="A course: every session (this one included); else empty."
    )
    my_registration: EventMyRegistration | None = Field(
        ..., description="The caller's live registration; null when anonymous or none."
    )


class EventRegistrationIn(Schema):
    category: int = Field(
        ..., ge=1, le=MAX_ID, description="Ticket id (one of the event's tickets on sale)."
    )
    seats: int = Field(1, ge=1, le=100)
    name: str = Field("", max_length=150, description="A visitor's (or, for staff, anyone's).")
    email: str = Field("", max_length=254, description="A visitor's (or, for staff, anyone's).")
    member: int | None = Field(
        None, ge=1, le=MAX_ID, description="Staff only: register this member."
    )
    access_token: str = Field("", max_length=64, description="A private event's link token.")
    note: str = Field("", max_length=300)


class EventTicketRef(Schema):
    id: int
    name: str


class EventRegistrationOut(Schema):
    """A registration, as its person and the lab's staff see it."""

    id: int
    event: int | None = Field(..., description="The event; null for a course registration.")
    series: int | None = Field(..., description="The course, for a course registration.")
    status: EventRegistrationStatusName
    name: str
    email: str
    member: int | None = Field(..., description="The member's id; null for a visitor.")
    category: EventTicketRef
    seats: int
    unit_price: str
    price: str = Field(..., description="The seats times the price per seat, when registering.")
    waitlist_position: int | None = Field(..., description="1 is next; null unless waiting.")
    note: str
    created_at: datetime.datetime
    cancelled_at: datetime.datetime | None


class EventRegistrationList(Schema):
    count: int
    items: list[EventRegistrationOut]


class EventRegistrationFilters(Schema):
    status: EventRegistrationStatusName | None = None


class EventCancelIn(Schema):
    reason: str = Field("", max_length=300)


class EventAttendanceIn(Schema):
    registration: int = Field(..., ge=1, le=MAX_ID)
    present: bool
    present_count: int | None = Field(
        None, ge=1, le=1000, description="People of the registration who came; null: all its seats."
    )


class EventAttendanceOut(Schema):
    registration: int
    name: str
    seats: int
    present: bool | None = Field(..., description="Null: not marked yet.")
    present_count: int | None
    marked_at: datetime.datetime | None


class EventAttendanceList(Schema):
    event: int
    present: int = Field(..., description="People who came.")
    expected: int = Field(..., description="Seats held.")
    items: list[EventAttendanceOut]
