"""API schemas for incidents: a report sent by a member, a ticket as its reporter or the
lab's staff see it, and the staff's changes to it."""

import datetime
from typing import Literal

from ninja import Field, Schema

IncidentStatusName = Literal["reported", "acknowledged", "in_repair", "resolved", "closed"]
TargetStatus = Literal["acknowledged", "in_repair", "resolved", "closed"]


class IncidentIn(Schema):
    description: str = Field(..., max_length=5000, description="What happened.")
    unusable: bool = Field(
        False, description="The machine cannot be used: it goes out of order until repaired."
    )


class IncidentMachineOut(Schema):
    id: int
    slug: str
    name: str
    status: str


class IncidentPersonOut(Schema):
    id: int
    name: str


class IncidentStepOut(Schema):
    status: IncidentStatusName
    at: datetime.datetime
    note: str


class IncidentCommentOut(Schema):
    id: int
    author: IncidentPersonOut | None
    body: str
    internal: bool
    created_at: datetime.datetime


class IncidentPartOut(Schema):
    id: int
    name: str
    quantity: str
    unit_cost: str
    total: str


class IncidentOut(Schema):
    """A ticket. `reporter`, `parts`, `minutes_spent` and `parts_cost` are only given to
    staff (null for the reporter); the reporter sees public comments only."""

    id: int
    machine: IncidentMachineOut
    status: IncidentStatusName
    description: str
    unusable: bool
    has_photo: bool
    reported_at: datetime.datetime
    acknowledged_at: datetime.datetime | None
    repair_started_at: datetime.datetime | None
    resolved_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    resolution: str
    close_reason: str
    handled_by: IncidentPersonOut | None
    history: list[IncidentStepOut]
    comments: list[IncidentCommentOut]
    reporter: IncidentPersonOut | None = None
    parts: list[IncidentPartOut] | None = None
    minutes_spent: int | None = None
    parts_cost: str | None = Field(None, description="Decimal amount in the lab's currency.")


class IncidentSummary(Schema):
    id: int
    machine: IncidentMachineOut
    status: IncidentStatusName
    description: str
    unusable: bool
    reported_at: datetime.datetime
    reporter: IncidentPersonOut | None
    handled_by: IncidentPersonOut | None


class IncidentPage(Schema):
    count: int
    items: list[IncidentSummary]


class IncidentFilters(Schema):
    status: (
        Literal["open", "reported", "acknowledged", "in_repair", "resolved", "closed"] | None
    ) = Field(None, description="A status, or `open` for every open ticket.")
    machine: int | None = Field(None, description="Machine id.")
    blocking: bool = Field(False, description="Only tickets saying the machine is unusable.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class IncidentPatchIn(Schema):
    status: TargetStatus = Field(..., description="The step to take.")
    note: str = Field("", description="A note for the reporter (acknowledge, start repair).")
    resolution: str = Field("", description="What was done (required to resolve).")
    reason: str = Field("", description="Why (required to close without action).")
    back_in_service: bool = Field(
        False,
        description=(
            "Put the machine back in service when resolving or closing its last open "
            "ticket that says it is unusable."
        ),
    )
