"""A job's story as its page tells it: each step from the audit log, worded."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from fabdesk.core.selectors import audit_entries_for

from .models import PrintJob

STEP_LABELS = {
    "print_job.submitted": _("Submitted"),
    "print_job.email_confirmed": _("Email address confirmed"),
    "print_job.approved": _("Approved"),
    "print_job.rejected": _("Rejected"),
    "print_job.assigned": _("Printer chosen"),
    "print_job.printing": _("Printing"),
    "print_job.failed": _("A print failed: printing again"),
    "print_job.done": _("Ready for pick-up"),
    "print_job.picked_up": _("Picked up"),
    "print_job.cancelled": _("Cancelled"),
}


@dataclass(frozen=True)
class Step:
    label: str
    at: datetime
    by: str  # staff see who; the requester sees the lab
    note: str


def job_history(job: PrintJob, *, staff: bool) -> list[Step]:
    steps = []
    for entry in audit_entries_for(job).order_by("created_at", "id"):
        label = STEP_LABELS.get(entry.action)
        if label is None:
            continue
        by = ""
        if staff and entry.actor is not None:
            by = entry.actor.get_full_name() or entry.actor.email
        steps.append(Step(label=str(label), at=entry.created_at, by=by, note=entry.reason))
    return steps
