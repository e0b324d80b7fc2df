"""The live price of a confirmation form (GET /billing/price-preview/<kind>/): htmx sends the
form's fields on each change and swaps in the sentence the template tags render first. Reads
only; a resource, booking or event the viewer may not see is not found."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fabdesk.booking.services import booking_get_for
from fabdesk.core.errors import NotFound
from fabdesk.equipment.permissions import machine_get, space_get
from fabdesk.events.permissions import event_get_for_viewer

from .preview_input import query_values
from .previews import Shown, booking_shown, registration_shown

BODY = "billing/integrations/price_preview_body.html"


def _int(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _booking(request, values) -> Shown | None:
    if not request.user.is_authenticated or request.lab is None:
        return None
    machine_id, space_id = _int(request, "machine"), _int(request, "space")
    if machine_id is not None:
        resource = machine_get(lab=request.lab, machine_id=machine_id)
    elif space_id is not None:
        resource = space_get(lab=request.lab, space_id=space_id)
    else:
        return None
    return booking_shown(user=request.user, resource=resource, values=values)


def _move(request, values) -> Shown | None:
    booking_id = _int(request, "booking")
    if not request.user.is_authenticated or booking_id is None:
        return None
    try:
        booking = booking_get_for(viewer=request.user, booking_id=booking_id)
    except NotFound as exc:
        raise Http404 from exc
    return booking_shown(user=request.user, resource=booking.resource, values=values,
                         booking=booking)  # fmt: skip


def _registration(request, values) -> Shown | None:
    event_id = _int(request, "event")
    if event_id is None:
        return None
    event = event_get_for_viewer(user=request.user, event_id=event_id,
                                 token=request.GET.get("access", ""))  # fmt: skip
    return registration_shown(user=request.user, event=event, values=values)


KINDS = {"booking": _booking, "move": _move, "registration": _registration}


@require_GET
def price_preview(request, kind: str):
    if kind not in KINDS:
        raise Http404
    values = query_values(request.GET, request.GET.get("prefix", ""))
    shown = KINDS[kind](request, values)
    return render(request, BODY, {"shown": shown})
