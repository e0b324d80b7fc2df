"""The incidents panels: open tickets on the staff "today" page (blocking ones first), and a
member's own open reports on their home page."""

from .permissions import can_handle_incidents
from .selectors import OPEN, incident_counts, incident_list, incidents_of_reporter

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
