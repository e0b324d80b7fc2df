"""API schemas for members: what GET returns and what POST/PATCH accept."""

import datetime
from typing import Literal

from ninja import Field, Schema

from .roles import role_of

Status = Literal["pending", "active", "suspended"]
RoleName = Literal["member", "staff", "admin"]
Language = Literal["fr", "en", ""]


class GroupOut(Schema):
    id: int
    slug: str
    name: str


class LabOut(Schema):
    id: int
    slug: str
    name: str


class MeOut(Schema):
    """The caller's own account."""

    id: int
    email: str
    first_name: str
    last_name: str
    language: str
    role: RoleName
    status: Status
    group: GroupOut | None
    lab: LabOut | None

    @staticmethod
    def resolve_role(obj) -> str:
        return role_of(obj).value

    @staticmethod
    def resolve_group(obj) -> object | None:
        return obj.member_group


class MemberOut(MeOut):
    """A member as staff see it."""

    phone: str
    organisation: str
    address_line1: str
    address_line2: str
    postal_code: str
    city: str
    country: str
    birth_date: datetime.date | None
    status_reason: str
    notes: str
    date_joined: datetime.datetime
    terms_accepted_at: datetime.datetime | None
    newsletter_consent_at: datetime.datetime | None


class MemberPage(Schema):
    count: int
    items: list[MemberOut]


class MemberFilters(Schema):
    search: str = Field("", description="Words to find in names, email or organisation.")
    group: str | None = Field(None, description="Member group id or slug.")
    status: Status | None = None
    role: RoleName | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class ProfileIn(Schema):
    phone: str = ""
    organisation: str = ""
    address_line1: str = ""
    address_line2: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = ""
    birth_date: datetime.date | None = None
    language: Language = ""


class MemberCreateIn(ProfileIn):
    email: str = Field(..., max_length=254)
    first_name: str = Field(..., max_length=150)
    last_name: str = Field(..., max_length=150)
    group: int | str | None = Field(
        None, description="Member group id or slug; the lab's default group when left out."
    )


class MemberPatchIn(Schema):
    """Send only the fields to change."""

    email: str | None = Field(None, max_length=254)
    first_name: str | None = Field(None, max_length=150)
    last_name: str | None = Field(None, max_length=150)
    phone: str | None = None
    organisation: str | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    birth_date: datetime.date | None = None
    language: Language | None = None
    notes: str | None = None
    group: int | str | None = Field(None, description="Member group id or slug.")
    status: Status | None = None
    status_reason: str | None = Field(
        None, description="Why the status changes (required to suspend)."
    )


class ErrorField(Schema):
    field: str
    message: str
    type: str


class ErrorOut(Schema):
    detail: str
    code: str
    field: str | None = None
    errors: list[ErrorField] | None = None
