"""Reads about incidents, with their joins done."""

from decimal import Decimal

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from fabdesk.core.models import Lab

from .models import OPEN_STATUSES, Incident, IncidentComment, IncidentStatus

OPEN = "open"


def _open_first(qs: QuerySet[Incident]) -> QuerySet[Incident]:
    """Open tickets first, blocking ones first among them, then the newest."""
    return qs.annotate(
        open_rank=Case(
            When(status__in=OPEN_STATUSES, unusable=True, then=Value(0)),
            When(status__in=OPEN_STATUSES, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("open_rank", "-reported_at", "-id")


def incident_list(
    *,
    lab: Lab,
    status: str = "",
    machine_id: int | None = None,
    blocking: bool = False,
) -> QuerySet[Incident]:
    """The lab's tickets as the staff list and the API filter them. `status` is one of the
    statuses, or "open" for every open one."""
    qs = Incident.objects.filter(lab=lab).select_related(
        "machine", "machine__category", "reporter", "handled_by"
    )
    if status == OPEN:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if machine_id:
        qs = qs.filter(machine_id=machine_id)
    if blocking:
        qs = qs.filter(unusable=True)
    return _open_first(qs)


def incident_counts(*, lab: Lab) -> dict[str, int]:
    """How many tickets of the lab are in each status, plus open and open blocking ones."""
    rows = Incident.objects.filter(lab=lab).values("status").annotate(n=Count("id"))
    counts = {status: 0 for status in IncidentStatus.values}
    counts.update({row["status"]: row["n"] for row in rows})
    counts[OPEN] = sum(counts[s] for s in OPEN_STATUSES)
    counts["blocking"] = Incident.objects.filter(
        lab=lab, status__in=OPEN_STATUSES, unusable=True
    ).count()
    return counts


def incidents_of_reporter(*, reporter) -> QuerySet[Incident]:
    return _open_first(
        Incident.objects.filter(reporter=reporter).select_related("machine", "handled_by")
    )


def incident_comments_for(*, incident: Incident, staff: bool) -> QuerySet[IncidentComment]:
    qs = incident.comments.select_related("author")
    return qs if staff else qs.filter(internal=False)


def incident_costs(incident: Incident) -> dict:
    """Parts (with their totals), time entries and the sums staff see on a ticket."""
    parts = list(incident.parts.select_related("added_by"))
    work = list(incident.work.select_related("done_by"))
    minutes = sum(entry.minutes for entry in work)
    return {
        "parts": parts,
        "work": work,
        "parts_total": sum((part.total for part in parts), Decimal("0")),
        "minutes": minutes,
        "hours_spent": minutes // 60,
        "minutes_left": minutes % 60,
    }


def machine_open_incidents(*, machine) -> QuerySet[Incident]:
    """A machine's open tickets (its page may list them), blocking ones first."""
    return _open_first(
        Incident.objects.filter(machine=machine, status__in=OPEN_STATUSES).select_related(
            "reporter"
        )
    )
