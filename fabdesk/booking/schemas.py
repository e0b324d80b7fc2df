"""API schemas for bookings and availability."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

Status = Literal["confirmed", "checked_in", "completed", "no_show", "cancelled"]


class AvailabilityQuery(Schema):
    start: dt.datetime = Field(description="ISO 8601 with offset, e.g. 2025-03-03T00:00+01:00.")
    end: dt.datetime = Field(description="ISO 8601 with offset; at most 62 days after start.")


class SlotOut(Schema):
    start: dt.datetime
    end: dt.datetime


class AvailabilityOut(Schema):
    slots: list[SlotOut]


class BookingIn(Schema):
    machine: int
    start: dt.datetime = Field(description="ISO 8601 with offset.")
    end: dt.datetime = Field(description="ISO 8601 with offset.")
    member: int | None = Field(None, description="Staff only: the member booked for.")
    override_reason: str = Field(
        "", max_length=300, description="Staff only: why a limit or the certification is lifted."
    )


class BookingOut(Schema):
    id: int
    machine: int = Field(alias="machine_id")
    member: int = Field(alias="member_id")
    start: dt.datetime
    end: dt.datetime
    status: Status
    checked_in_at: dt.datetime | None = None


class BookingPage(Schema):
    count: int
    items: list[BookingOut]


class BookingFilters(Schema):
    machine: int | None = None
    member: int | None = Field(None, description="Staff only; members always see their own.")
    start_from: dt.datetime | None = Field(
        None, alias="from", description="Bookings that end after this instant."
    )
    to: dt.datetime | None = Field(None, description="Bookings that start before this instant.")
    include_cancelled: bool = False
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)
