"""API schemas for trainings: the catalogue and its sessions as anyone reads them, a member's
enrolment, certifications as their holder and the staff read them, what staff send to grant
or withdraw one, and the answer of the access check a door or a machine asks.

Names start with Training… or Certification… so they never clash with another app's in the
OpenAPI document. Amounts are decimal strings in the lab's currency."""

import datetime
from typing import Literal

from ninja import Field, Schema

from fabdesk.equipment.schemas import CategoryKind, MachineStatusName

EnrolmentStatusName = Literal["enrolled", "waitlisted", "cancelled"]
EnrolmentOutcomeName = Literal["", "passed", "not_passed", "absent"]
CertificationSourceName = Literal["attendance", "staff", "import"]
CertificationStateName = Literal[
    "valid", "expiring_soon", "expired", "lapsed", "revoked", "prerequisite_missing"
]


class TrainingRef(Schema):
    id: int
    slug: str
    title: str


class TrainingMachineRef(Schema):
    id: int
    slug: str
    name: str
    status: MachineStatusName


class TrainingCategoryRef(Schema):
    id: int
    slug: str
    name: str
    kind: CategoryKind


class TrainingUnlocksOut(Schema):
    """What a certification from the training lets its holder use: these machines, and every
    machine of these categories."""

    machines: list[TrainingMachineRef]
    categories: list[TrainingCategoryRef]


class TrainingGroupRef(Schema):
    id: int
    slug: str
    name: str


class TrainingPriceOut(Schema):
    group: TrainingGroupRef
    amount: str = Field(..., description="Decimal amount in the lab's currency.")


class TrainingOut(Schema):
    """A training of the catalogue."""

    id: int
    slug: str
    title: str
    description: str = Field(..., description="Markdown, as written by staff.")
    description_html: str = Field(..., description="The description as sanitised HTML.")
    duration_minutes: int
    unlocks: TrainingUnlocksOut
    prerequisites: list[TrainingRef] = Field(
        ..., description="Trainings a member must hold (valid) before enrolling."
    )
    validity_months: int | None = Field(
        ..., description="How long a certification lasts; null: it never expires."
    )
    lapse_months: int | None = Field(
        ...,
        description="A certification lapses after this many months without using the "
        "machine; null: not using it does not matter.",
    )
    max_participants: int
    min_participants: int = Field(
        ..., description="Below this, a session is cancelled automatically before it starts."
    )
    cancel_deadline_hours: int = Field(
        ..., description="Members may cancel their enrolment until this many hours before."
    )
    prices: list[TrainingPriceOut] = Field(
        ..., description="The price per member group; a group not listed pays nothing."
    )


class TrainingPage(Schema):
    count: int
    items: list[TrainingOut]


class TrainingPersonRef(Schema):
    id: int
    name: str


class TrainingSpaceRef(Schema):
    id: int
    slug: str
    name: str


class TrainingMyEnrolment(Schema):
    id: int
    status: EnrolmentStatusName


class TrainingSessionOut(Schema):
    """A dated session of a training."""

    id: int
    training: TrainingRef
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    trainer: TrainingPersonRef | None
    space: TrainingSpaceRef | None
    place: str = Field(..., description="Where it happens: the space's name or the place.")
    capacity: int
    seats_left: int
    waitlist_length: int
    notes: str
    my_enrolment: TrainingMyEnrolment | None = Field(
        ..., description="The caller's own live enrolment (seat or waitlist); null if none."
    )


class TrainingSessionPage(Schema):
    count: int
    items: list[TrainingSessionOut]


class TrainingDetailOut(TrainingOut):
    next_sessions: list[TrainingSessionOut] = Field(
        ..., description="The upcoming scheduled sessions, soonest first (at most 20)."
    )


class TrainingFilters(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class TrainingSessionFilters(TrainingFilters):
    training: int | None = Field(None, description="Training id.")
    from_: datetime.date | None = Field(
        None, alias="from", description="First day (the lab's time zone); default: now."
    )
    to: datetime.date | None = Field(None, description="Last day, included.")


class TrainingEnrolmentOut(Schema):
    """The caller's enrolment in a session."""

    id: int
    session: int = Field(..., description="Session id.")
    status: EnrolmentStatusName
    waitlist_position: int | None = Field(
        ..., description="1 for the next member to get a seat; null unless waitlisted."
    )
    price: str | None = Field(
        ..., description="What the member's group pays (decimal string); null if free."
    )
    created_at: datetime.datetime
    cancelled_at: datetime.datetime | None


class CertificationOut(Schema):
    """A member's certification for one training, and where it stands now."""

    id: int
    training: TrainingRef
    granted_at: datetime.datetime
    expires_at: datetime.datetime | None = Field(..., description="null: never expires.")
    lapses_at: datetime.datetime | None = Field(
        ..., description="When it lapses if the machines are not used again; null: never."
    )
    last_used_at: datetime.datetime | None
    source: CertificationSourceName
    session: int | None = Field(..., description="The session attended, if any.")
    reason: str = Field(..., description="Why staff granted it (source staff or import).")
    state: CertificationStateName = Field(
        ...,
        description="valid; expiring_soon (valid, ends within the training's reminder "
        "days); expired; lapsed; revoked; prerequisite_missing (a training it needs is no "
        "longer held).",
    )
    state_message: str = Field(
        ..., description="Why it does not count, in the caller's language; empty if valid."
    )
    revoked_at: datetime.datetime | None
    revoke_reason: str


class CertificationList(Schema):
    count: int
    items: list[CertificationOut]


class CertificationGrantIn(Schema):
    training: int = Field(..., description="Training id.")
    reason: str = Field(..., max_length=300, description="Why, e.g. “trained elsewhere”. Required.")
    granted_at: datetime.datetime | None = Field(
        None, description="When it was earned (not in the future); default: now."
    )


class CertificationRevokeIn(Schema):
    reason: str = Field(..., max_length=300, description="Why it is withdrawn. Required.")


class CertificationReasonOut(Schema):
    code: str = Field(
        ...,
        description="account_disabled, account_suspended, account_pending, no_training, "
        "expired, lapsed, revoked, prerequisite_missing, machine_not_in_service.",
    )
    message: str


class CertificationHeldOut(Schema):
    id: int
    training: TrainingRef
    granted_at: datetime.datetime
    expires_at: datetime.datetime | None


class CertificationAccessOut(Schema):
    """The answer to “may this member use this machine now?”."""

    allowed: bool = Field(
        ..., description="True only if the member is certified and the machine is in service."
    )
    certified: bool = Field(
        ..., description="The certification check alone, whatever the machine's status."
    )
    reasons: list[CertificationReasonOut]
    certification: CertificationHeldOut | None = Field(
        ..., description="The certification that allows it; null when none (or none needed)."
    )
    trainings: list[TrainingRef] = Field(
        ..., description="The trainings that unlock the machine; empty: none is needed."
    )
    member: TrainingPersonRef
    machine: TrainingMachineRef
    machine_status: MachineStatusName
