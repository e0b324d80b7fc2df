"""API endpoints about incidents: a member reports a problem on a machine; the reporter and
the lab's staff read a ticket; staff list tickets and move them. Refusals are rendered by
fabdesk.api's exception handlers."""

from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from fabdesk.core.errors import Forbidden
from fabdesk.equipment.permissions import machine_get
from fabdesk.members.schemas import ErrorOut

from .models import Incident, IncidentStatus
from .permissions import can_handle_incidents, incident_get
from .schemas import IncidentFilters, IncidentIn, IncidentOut, IncidentPage, IncidentPatchIn
from .selectors import incident_comments_for, incident_costs, incident_list
from .services import incident_report, incident_transition

ERRORS = {401: ErrorOut, 403: ErrorOut, 429: ErrorOut}
BODY_ERRORS = {400: ErrorOut, 422: ErrorOut, **ERRORS}

router = Router()


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.email}


def _summary(incident: Incident) -> dict:
    machine = incident.machine
    return {
        "id": incident.pk,
        "machine": {
            "id": machine.pk,
            "slug": machine.slug,
            "name": machine.name,
            "status": machine.status,
        },
        "status": incident.status,
        "description": incident.description,
        "unusable": incident.unusable,
        "reported_at": incident.reported_at,
        "reporter": _person(incident.reporter),
        "handled_by": _person(incident.handled_by),
    }


def incident_payload(incident: Incident, viewer) -> dict:
    staff = can_handle_incidents(viewer, incident.lab_id)
    data = _summary(incident)
    data.update(
        has_photo=bool(incident.photo),
        acknowledged_at=incident.acknowledged_at,
        repair_started_at=incident.repair_started_at,
        resolved_at=incident.resolved_at,
        closed_at=incident.closed_at,
        resolution=incident.resolution,
        close_reason=incident.close_reason,
        history=[
            {"status": e.to_status, "at": e.created_at, "note": e.note}
            for e in incident.events.all()
        ],
        comments=[
            {
                "id": c.pk,
                "author": _person(c.author),
                "body": c.body,
                "internal": c.internal,
                "created_at": c.created_at,
            }
            for c in incident_comments_for(incident=incident, staff=staff)
        ],
    )
    if staff:
        costs = incident_costs(incident)
        data.update(
            parts=[
                {
                    "id": p.pk,
                    "name": p.name,
                    "quantity": str(p.quantity),
                    "unit_cost": str(p.unit_cost),
                    "total": str(p.total),
                }
                for p in costs["parts"]
            ],
            minutes_spent=costs["minutes"],
            parts_cost=str(costs["parts_total"]),
        )
    else:
        data["reporter"] = None
    return data


@router.post(
    "/machines/{int:machine_id}/incidents",
    response={201: IncidentOut, 404: ErrorOut, **BODY_ERRORS},
    summary="Report a problem on a machine",
)
def report_incident(request, machine_id: int, payload: IncidentIn):
    machine = machine_get(lab=request.auth.lab, machine_id=machine_id)
    incident = incident_report(
        reporter=request.auth,
        machine=machine,
        description=payload.description,
        unusable=payload.unusable,
    )
    return Status(201, incident_payload(incident, request.auth))


@router.get(
    "/incidents", response={200: IncidentPage, 422: ErrorOut, **ERRORS}, summary="List tickets"
)
def list_incidents(request, filters: Query[IncidentFilters]):
    user = request.auth
    if not can_handle_incidents(user, user.lab_id):
        raise Forbidden(_("Only the lab's staff can list repair tickets."), code="staff_only")
    incidents = incident_list(
        lab=user.lab,
        status=filters.status or "",
        machine_id=filters.machine,
        blocking=filters.blocking,
    )
    page = incidents[filters.offset : filters.offset + filters.limit]
    return {"count": incidents.count(), "items": [_summary(i) for i in page]}


@router.get(
    "/incidents/{int:incident_id}",
    response={200: IncidentOut, 404: ErrorOut, **ERRORS},
    summary="One ticket",
)
def get_incident(request, incident_id: int):
    return incident_payload(
        incident_get(viewer=request.auth, incident_id=incident_id), request.auth
    )


@router.patch(
    "/incidents/{int:incident_id}",
    response={200: IncidentOut, 404: ErrorOut, **BODY_ERRORS},
    summary="Move a ticket",
)
def update_incident(request, incident_id: int, payload: IncidentPatchIn):
    incident = incident_get(viewer=request.auth, incident_id=incident_id)
    notes = {
        IncidentStatus.RESOLVED: payload.resolution,
        IncidentStatus.CLOSED: payload.reason,
    }
    incident = incident_transition(
        actor=request.auth,
        incident=incident,
        status=payload.status,
        note=notes.get(payload.status, payload.note),
        back_in_service=payload.back_in_service,
    )
    return incident_payload(incident, request.auth)
