"""Reads about print jobs, with their joins done: the staff's queue, a member's jobs, the
printers and materials a job may use."""

from django.db.models import Count, Prefetch, Q, QuerySet

from fabdesk.core.models import Lab
from fabdesk.equipment.models import Machine, MachineCategory, MachineStatus

from .models import JobStatus, Material, MaterialColour, PrintFile, PrintJob, PrintProfile

# The queue's order: what staff must act on first.
QUEUE_ORDER = [
    JobStatus.SUBMITTED,
    JobStatus.APPROVED,
    JobStatus.PRINTING,
    JobStatus.DONE,
    JobStatus.PICKED_UP,
    JobStatus.REJECTED,
    JobStatus.CANCELLED,
]
ACTIVE_STATUSES = (JobStatus.SUBMITTED, JobStatus.APPROVED, JobStatus.PRINTING, JobStatus.DONE)
PRINTER_KINDS = (MachineCategory.Kind.FDM_PRINTER, MachineCategory.Kind.RESIN_PRINTER)


def _with_files(qs: QuerySet[PrintJob]) -> QuerySet[PrintJob]:
    return qs.select_related("lab", "requester", "material", "colour", "printer").prefetch_related(
        Prefetch("files", queryset=PrintFile.objects.order_by("id"))
    )


def visible_in_queue(qs: QuerySet[PrintJob]) -> QuerySet[PrintJob]:
    """A visitor's job waits outside the queue until they confirm their address."""
    return qs.exclude(requester__isnull=True, email_confirmed_at__isnull=True)


def job_queue(
    *,
    lab: Lab,
    status: str = "",
    printer_id: int | None = None,
    material_id: int | None = None,
) -> QuerySet[PrintJob]:
    """The lab's jobs as the staff's queue and the API filter them, oldest first (first
    come, first served)."""
    qs = visible_in_queue(PrintJob.objects.filter(lab=lab))
    if status:
        qs = qs.filter(status=status)
    if printer_id:
        qs = qs.filter(printer_id=printer_id)
    if material_id:
        qs = qs.filter(material_id=material_id)
    return _with_files(qs).order_by("created_at", "id")


def job_counts(*, lab: Lab) -> dict[str, int]:
    rows = (
        visible_in_queue(PrintJob.objects.filter(lab=lab)).values("status").annotate(n=Count("id"))
    )
    counts = {status: 0 for status in JobStatus.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def jobs_of_member(*, member) -> QuerySet[PrintJob]:
    return _with_files(PrintJob.objects.filter(requester=member)).order_by("-created_at", "-id")


def job_files(*, job: PrintJob) -> QuerySet[PrintFile]:
    return job.files.order_by("id")


def printers_of_lab(*, lab: Lab) -> QuerySet[Machine]:
    """The lab's 3D printers still in use."""
    return (
        Machine.objects.filter(lab=lab, category__kind__in=PRINTER_KINDS)
        .exclude(status=MachineStatus.RETIRED)
        .select_related("category")
        .order_by("position", "name")
    )


def materials_offered(*, lab: Lab) -> QuerySet[Material]:
    return Material.objects.filter(lab=lab, active=True).prefetch_related(
        Prefetch("colours", queryset=MaterialColour.objects.filter(in_stock=True))
    )


def colours_in_stock(*, material: Material) -> QuerySet[MaterialColour]:
    return material.colours.filter(in_stock=True)


def profile_for(*, lab: Lab, printer: Machine | None) -> PrintProfile | None:
    """The profile a job prints with: the printer's own, else the lab's default, else a
    profile for any printer."""
    profiles = PrintProfile.objects.filter(lab=lab)
    if printer is not None:
        own = profiles.filter(printer=printer).order_by("-is_default", "name").first()
        if own is not None:
            return own
    return (
        profiles.filter(Q(is_default=True) | Q(printer__isnull=True))
        .order_by("-is_default", "name")
        .first()
        or profiles.order_by("name").first()
    )
