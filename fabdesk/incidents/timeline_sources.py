"""The incidents' entries in a machine's timeline: each report, each step of its repair
ticket, and how it ended."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fabdesk.equipment.timeline import TimelineEntry

from .models import IncidentEvent, IncidentStatus

TITLES = {
    IncidentStatus.REPORTED: _("Problem reported (#%(number)s)"),
    IncidentStatus.ACKNOWLEDGED: _("Ticket #%(number)s acknowledged"),
    IncidentStatus.IN_REPAIR: _("Repair started (#%(number)s)"),
    IncidentStatus.RESOLVED: _("Repaired (#%(number)s)"),
    IncidentStatus.CLOSED: _("Ticket #%(number)s closed without action"),
}


def incidents_for_timeline(machine, *, limit: int):
    events = (
        IncidentEvent.objects.filter(incident__machine=machine)
        .select_related("incident", "actor")
        .order_by("-created_at", "-id")[:limit]
    )
    for event in events:
        incident = event.incident
        reported = event.to_status == IncidentStatus.REPORTED
        yield TimelineEntry(
            when=event.created_at,
            kind="incident" if reported else "repair",
            title=TITLES[event.to_status] % {"number": incident.pk},
            detail=incident.description if reported else event.note,
            actor=event.actor,
            url=reverse("incidents:detail", args=[incident.pk]),
            extra={"blocking": incident.unusable, "status": event.to_status},
        )
