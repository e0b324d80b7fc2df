"""Who may see and handle incidents. The reporter follows their own reports; the lab's staff
see and move every ticket of their lab; nobody else learns that a ticket exists (404)."""

from django.http import Http404

from fabdesk.members.permissions import is_staff

from .models import Incident


def can_handle_incidents(user, lab_id: int) -> bool:
    """Staff and admins of the lab acknowledge, repair, resolve and close tickets."""
    return is_staff(user) and user.lab_id == lab_id


def can_view_incident(user, incident: Incident) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return incident.reporter_id == user.pk or can_handle_incidents(user, incident.lab_id)


def incident_get(*, viewer, incident_id: int) -> Incident:
    """The incident if the viewer may see it, else 404 (also across labs)."""
    incident = (
        Incident.objects.select_related("machine", "machine__category", "reporter", "handled_by")
        .filter(pk=incident_id)
        .first()
    )
    if incident is None or not can_view_incident(viewer, incident):
        raise Http404
    return incident
