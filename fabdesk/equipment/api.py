"""API endpoints about the workshop: the machine catalogue and the spaces (public), and the
staff's changes to a machine (status, hours of use). Each endpoint parses input, calls the
equipment selectors or services, and returns a schema; refusals are rendered by
fabdesk.api's exception handlers.

The public endpoints need no credentials but still read them when given: anonymous callers
see the default lab, a logged-in person their own lab, and the lab's staff also get the
machine's staff notes and hours of use."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router

from fabdesk.core.errors import Invalid
from fabdesk.core.selectors import lab_for_user
from fabdesk.members.schemas import ErrorOut
from fabdesk.tokens.auth import OPTIONAL_AUTH, PUBLIC

from .models import MachineCategory
from .permissions import machine_get
from .schemas import (
    MachineFilters,
    MachineOut,
    MachinePage,
    MachineStatusIn,
    MachineUsageIn,
    PageIn,
    SpaceDetailOut,
    SpacePage,
)
from .selectors import category_list, machine_list, space_list
from .services import machine_correct_usage, machine_set_status

PUBLIC_ERRORS = {401: ErrorOut, 422: ErrorOut, 429: ErrorOut}
STAFF_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut,
                429: ErrorOut}  # fmt: skip

machines_router = Router()
spaces_router = Router()


def _lab(request):
    return lab_for_user(request.auth)


def _by_id_or_slug(queryset, value: str | None, *, field: str, message: str):
    """The row of `queryset` named by id or slug, None when not asked for, 422 if unknown."""
    if not value:
        return None
    key = value.strip()
    found = queryset.filter(pk=int(key)) if key.isdigit() else queryset.filter(slug=key)
    row = found.first()
    if row is None:
        raise Invalid(message % {"value": value}, code=f"bad_{field}", field=field)
    return row


def _change(request, machine_id: int, service, **data):
    """A staff change through an equipment service, answered with the machine as it is now.
    The machine is looked up in the caller's lab (404 otherwise); the service checks who
    acts (403 `staff_only`)."""
    machine = machine_get(lab=request.auth.lab, machine_id=machine_id)
    service(actor=request.auth, machine=machine, **data)
    return machine_get(lab=request.auth.lab, machine_id=machine_id)


@machines_router.get(
    "",
    response={200: MachinePage, **PUBLIC_ERRORS},
    auth=PUBLIC,
    openapi_extra=OPTIONAL_AUTH,
    summary="List machines",
    description="The lab's machine catalogue; no authentication needed. Retired machines "
    "are left out unless `include_retired` is true or `status=retired`.",
)
def list_machines(request, filters: Query[MachineFilters]):
    lab = _lab(request)
    category: MachineCategory | None = _by_id_or_slug(
        category_list(lab=lab),
        filters.category,
        field="category",
        message=_("There is no machine category “%(value)s” in this lab."),
    )
    space = _by_id_or_slug(
        space_list(lab=lab),
        filters.space,
        field="space",
        message=_("There is no space “%(value)s” in this lab."),
    )
    machines = machine_list(
        lab=lab,
        category_id=category.pk if category else None,
        status=filters.status or "",
        space_id=space.pk if space else None,
        include_retired=filters.include_retired,
    )
    return {
        "count": machines.count(),
        "items": list(machines[filters.offset : filters.offset + filters.limit]),
    }


@machines_router.get(
    "/{int:machine_id}",
    response={200: MachineOut, 404: ErrorOut, **PUBLIC_ERRORS},
    auth=PUBLIC,
    openapi_extra=OPTIONAL_AUTH,
    summary="One machine",
    description="A machine of the lab; no authentication needed. The lab's staff also get "
    "`staff_notes` and `usage_hours`.",
)
def get_machine(request, machine_id: int):
    return machine_get(lab=_lab(request), machine_id=machine_id)


@machines_router.post(
    "/{int:machine_id}/status",
    response={200: MachineOut, **STAFF_ERRORS},
    summary="Change a machine's status",
    description="Staff only. Put a machine in service, out of order, in maintenance, or "
    "retire it; a reason is required for all but `in_service`.",
)
def set_machine_status(request, machine_id: int, payload: MachineStatusIn):
    return _change(request, machine_id, machine_set_status, **payload.dict())


@machines_router.post(
    "/{int:machine_id}/usage",
    response={200: MachineOut, **STAFF_ERRORS},
    summary="Correct a machine's hours of use",
    description="Staff only. Set the counter to the value read on the machine, with a reason.",
)
def correct_machine_usage(request, machine_id: int, payload: MachineUsageIn):
    return _change(request, machine_id, machine_correct_usage, **payload.dict())


@spaces_router.get(
    "",
    response={200: SpacePage, **PUBLIC_ERRORS},
    auth=PUBLIC,
    openapi_extra=OPTIONAL_AUTH,
    summary="List spaces",
    description="The lab's rooms and zones; no authentication needed.",
)
def list_spaces(request, page: Query[PageIn]):
    spaces = space_list(lab=_lab(request))
    return {"count": spaces.count(), "items": list(spaces[page.offset : page.offset + page.limit])}


@spaces_router.get(
    "/{int:space_id}",
    response={200: SpaceDetailOut, 404: ErrorOut, **PUBLIC_ERRORS},
    auth=PUBLIC,
    openapi_extra=OPTIONAL_AUTH,
    summary="One space",
    description="A room or zone of the lab with its machines; no authentication needed.",
)
def get_space(request, space_id: int):
    return get_object_or_404(space_list(lab=_lab(request)), pk=space_id)
