"""The incidents panels: open tickets on the staff "today" page (blocking ones first), and a
member's own open reports on their home page."""

from .permissions import can_handle_incidents
from .selectors import (
    OPEN,
    incident_counts,
    incident_list,
    incidents_of_reporter,
    machine_open_incidents,
)

SHOWN = 8


def today_panel_context(request) -> dict | None:
    lab = getattr(request, "lab", None)
    if lab is None or not can_handle_incidents(request.user, lab.pk):
        return None
    counts = incident_counts(lab=lab)
    if not counts[OPEN]:
        return None
    return {
        "open_count": counts[OPEN],
        "blocking_count": counts["blocking"],
        "incidents": list(incident_list(lab=lab, status=OPEN)[:SHOWN]),
    }


def member_home_panel_context(request) -> dict | None:
    user = request.user
    if not user.is_authenticated:
        return None
    mine = [
        incident for incident in incidents_of_reporter(reporter=user)[:SHOWN] if incident.is_open
    ]
    if not mine:
        return None
    return {"incidents": mine}


def machine_section_context(request, machine) -> dict | None:
    """On a machine's page: staff see its open tickets; a member sees their own open reports
    and how many others are already being handled (so they need not report it twice)."""
    user = request.user
    if not user.is_authenticated or user.lab_id != machine.lab_id:
        return None
    incidents = list(machine_open_incidents(machine=machine))
    if not incidents:
        return None
    staff = can_handle_incidents(user, machine.lab_id)
    mine = [incident for incident in incidents if incident.reporter_id == user.pk]
    return {
        "staff": staff,
        "machine_id": machine.pk,
        "incidents": incidents if staff else mine,
        "others_count": 0 if staff else len(incidents) - len(mine),
    }
