"""API schemas for bookings, blocks and availability."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

Status = Literal["confirmed", "checked_in", "completed", "no_show", "cancelled"]
Kind = Literal["booking", "block"]


class AvailabilityQuery(Schema):
    start: dt.datetime = Field(description="ISO 8601 with offset, e.g. 2025-03-03T00:00+01:00.")
    end: dt.datetime = Field(description="ISO 8601 with offset; at most 62 days after start.")


class SpaceAvailabilityQuery(AvailabilityQuery):
    people: int = Field(1, ge=1, description="Places wanted: only times with that many left.")


class SlotOut(Schema):
    start: dt.datetime
    end: dt.datetime


class AvailabilityOut(Schema):
    slots: list[SlotOut]


class SpaceSlotOut(SlotOut):
    places_left: int


class SpaceAvailabilityOut(Schema):
    slots: list[SpaceSlotOut]


class BookingIn(Schema):
    machine: int | None = Field(None, description="The machine booked (or give `space`).")
    space: int | None = Field(None, description="The space booked (or give `machine`).")
    people: int = Field(1, ge=1, description="Places taken in a space; 1 for a machine.")
    start: dt.datetime = Field(description="ISO 8601 with offset.")
    end: dt.datetime = Field(description="ISO 8601 with offset.")
    member: int | None = Field(None, description="Staff only: the member booked for.")
    override_reason: str = Field(
        "", max_length=300, description="Staff only: why a limit or the certification is lifted."
    )


class MoveIn(Schema):
    start: dt.datetime = Field(description="The new start, ISO 8601 with offset.")
    end: dt.datetime = Field(description="The new end, ISO 8601 with offset.")
    override_reason: str = Field(
        "", max_length=300, description="Staff only: why a limit is lifted."
    )


class BlockIn(Schema):
    machine: int | None = Field(None, description="The machine blocked (or give `space`).")
    space: int | None = Field(None, description="The space blocked, whole (or give `machine`).")
    start: dt.datetime = Field(description="ISO 8601 with offset.")
    end: dt.datetime = Field(description="ISO 8601 with offset; in the future.")
    note: str = Field(max_length=300, description="What the block is for (required).")
    cancel_conflicting: bool = Field(
        False, description="Cancel the bookings in the way (their members are told)."
    )


class BookingOut(Schema):
    id: int
    kind: Kind = Field(description="`booking`, or `block`: a period staff closed.")
    machine: int | None = Field(alias="machine_id")
    space: int | None = Field(alias="space_id")
    people: int
    member: int = Field(alias="member_id")
    start: dt.datetime
    end: dt.datetime
    status: Status
    note: str = Field(description="What a block is for.")
    checked_in_at: dt.datetime | None = None


class BookingPage(Schema):
    count: int
    items: list[BookingOut]


class BookingFilters(Schema):
    machine: int | None = None
    space: int | None = None
    kind: Kind | None = None
    member: int | None = Field(None, description="Staff only; members always see their own.")
    start_from: dt.datetime | None = Field(
        None, alias="from", description="Bookings that end after this instant."
    )
    to: dt.datetime | None = Field(None, description="Bookings that start before this instant.")
    include_cancelled: bool = False
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)
