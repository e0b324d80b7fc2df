"""API endpoints about members: the caller's own account, and the staff's member records.
Each endpoint parses input, calls the members services, and returns a schema; refusals are
rendered by fabdesk.api's exception handlers."""

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from fabdesk.core.errors import Forbidden, Invalid

from .models import MemberGroup, User
from .permissions import is_staff, member_get_for_staff
from .schemas import (
    ErrorOut,
    MemberCreateIn,
    MemberFilters,
    MemberOut,
    MemberPage,
    MemberPatchIn,
    MeOut,
)
from .selectors import member_group_list, member_list
from .services import member_create, member_set_status, member_update

ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut}
BODY_ERRORS = {400: ErrorOut, **ERRORS}

me_router = Router()
members_router = Router()


@me_router.get("", response={200: MeOut, **ERRORS}, summary="My account")
def me(request):
    return request.auth


def _staff(request) -> User:
    if not is_staff(request.auth):
        raise Forbidden(_("Only the lab's staff can manage members."), code="staff_only")
    return request.auth


def _group(user: User, value: int | str | None) -> MemberGroup | None:
    """The member group of the caller's lab named by id or slug."""
    if value is None or value == "":
        return None
    groups = member_group_list(lab=user.lab)
    key = str(value)
    group = groups.filter(pk=int(key)).first() if key.isdigit() else groups.filter(slug=key).first()
    if group is None:
        raise Invalid(
            _("There is no member group “%(group)s” in this lab.") % {"group": value},
            code="bad_group",
            field="group",
        )
    return group


@members_router.get("", response={200: MemberPage, **ERRORS}, summary="List members")
def list_members(request, filters: Query[MemberFilters]):
    staff = _staff(request)
    group = _group(staff, filters.group)
    members = member_list(
        lab=staff.lab,
        search=filters.search,
        group_id=group.pk if group else None,
        status=filters.status or "",
        role=filters.role or "",
    ).select_related("lab")
    return {
        "count": members.count(),
        "items": list(members[filters.offset : filters.offset + filters.limit]),
    }


@members_router.get(
    "/{int:member_id}", response={200: MemberOut, 404: ErrorOut, **ERRORS}, summary="One member"
)
def get_member(request, member_id: int):
    return member_get_for_staff(viewer=_staff(request), member_id=member_id)


@members_router.post(
    "",
    response={201: MemberOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Create a member",
)
def create_member(request, payload: MemberCreateIn):
    staff = _staff(request)
    data = payload.dict()
    group = _group(staff, data.pop("group"))
    return Status(201, member_create(actor=staff, lab=staff.lab, member_group=group, **data))


TEXT_FIELDS = {
    "first_name", "last_name", "phone", "organisation", "address_line1", "address_line2",
    "postal_code", "city", "country", "language", "notes",
}  # fmt: skip


@members_router.patch(
    "/{int:member_id}",
    response={200: MemberOut, 404: ErrorOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Change a member",
)
def update_member(request, member_id: int, payload: MemberPatchIn):
    staff = _staff(request)
    member = member_get_for_staff(viewer=staff, member_id=member_id)
    data = payload.dict(exclude_unset=True)
    status = data.pop("status", None)
    reason = data.pop("status_reason", None) or ""
    if "group" in data:
        data["member_group"] = _group(staff, data.pop("group"))
    data = {k: ("" if v is None and k in TEXT_FIELDS else v) for k, v in data.items()}
    with transaction.atomic():
        if data:
            member = member_update(actor=staff, member=member, data=data)
        if "status" in payload.model_fields_set:
            member = member_set_status(
                actor=staff, member=member, status=status or "", reason=reason
            )
    return member
