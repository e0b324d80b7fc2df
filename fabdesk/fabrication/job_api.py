"""API endpoints of print jobs: a member sends files and options and follows their jobs; the
lab's staff list every job and take each step. The same services as the pages; refusals are
rendered by fabdesk.api's exception handlers ({"detail", "code"})."""

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from fabdesk.core.errors import Invalid, NotFound
from fabdesk.equipment.models import Machine
from fabdesk.members.schemas import ErrorOut

from . import job_services as js
from .job_drafts import file_upload
from .job_permissions import can_handle_prints, job_get
from .job_pricing import file_grams
from .job_schemas import (
    ApproveIn,
    AssignIn,
    DoneIn,
    FailedIn,
    PrintingIn,
    PrintJobFilters,
    PrintJobIn,
    PrintJobOut,
    PrintJobPage,
    RejectIn,
)
from .job_selectors import job_queue, jobs_of_member, materials_offered
from .models import MaterialColour, PrintFile, PrintJob

ERRORS = {401: ErrorOut, 403: ErrorOut, 429: ErrorOut}
STEP_ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut, **ERRORS}

router = Router()


def _ref(obj) -> dict | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _file(print_file: PrintFile, job: PrintJob) -> dict:
    analysis, quote = print_file.analysis or {}, print_file.quote or {}
    return {
        "id": print_file.pk,
        "name": print_file.original_name,
        "format": print_file.file_format,
        "quantity": print_file.quantity,
        "triangles": analysis.get("triangles"),
        "bbox_mm": analysis.get("bbox_mm"),
        "volume_mm3": analysis.get("volume_mm3"),
        "watertight": analysis.get("watertight"),
        "fits": analysis.get("fits"),
        "warnings": [str(w) for w in analysis.get("warnings", [])],
        "filament_g": file_grams(print_file, job.material),
        "print_time_s": quote.get("print_time_s"),
        "method": quote.get("method"),
        "slice_status": print_file.slice_status,
        "slice_message": print_file.slice_message,
        "thumbnail_url": reverse("fabrication:file_thumbnail", args=[print_file.pk])
        if print_file.thumbnail
        else None,
        "model_url": reverse("fabrication:file_mesh", args=[print_file.pk]),
    }


def _money(value) -> str | None:
    return str(value) if value is not None else None


def job_payload(job: PrintJob, viewer) -> dict:
    data = {
        "id": job.pk,
        "reference": job.reference,
        "status": job.status,
        "created_at": job.created_at,
        "updated_at": job.updated_at,
        "email_confirmed": job.email_confirmed_at is not None,
        "material": {"id": job.material.pk, "code": job.material.code, "name": job.material.name},
        "colour": {"id": job.colour.pk, "name": job.colour.name, "hex_code": job.colour.hex_code}
        if job.colour
        else None,
        "printer": _ref(job.printer),
        "notes": job.notes,
        "staff_message": job.staff_message,
        "reject_reason": job.reject_reason,
        "currency": job.lab.currency,
        "quoted_price": _money(job.quoted_price),
        "approved_price": _money(job.approved_price),
        "actual_grams": _money(job.actual_grams),
        "actual_minutes": job.actual_minutes,
        "failed_attempts": job.failed_attempts,
        "files": [_file(f, job) for f in job.files.all()],
    }
    if can_handle_prints(viewer, job.lab_id):
        requester = job.requester
        data["requester"] = (
            {"id": requester.pk, "name": requester.get_full_name() or requester.email}
            if requester
            else None
        )
        data["contact_name"] = job.contact_name
        data["contact_email"] = job.contact_email
    return data


def _printer(printer_id: int | None) -> Machine | None:
    """The machine named; the service checks it is a printer of the job's lab."""
    if printer_id is None:
        return None
    printer = Machine.objects.select_related("category").filter(pk=printer_id).first()
    if printer is None:
        raise NotFound(_("This printer does not exist."), code="printer_not_found", field="printer")
    return printer


@router.get(
    "/print-jobs",
    response={200: PrintJobPage, 422: ErrorOut, **ERRORS},
    summary="List print jobs",
    description="A member's own jobs; the lab's staff see every job (filters: status, "
    "printer, material). A visitor's job shows once they confirmed their address.",
)
def list_jobs(request, filters: Query[PrintJobFilters]):
    user = request.auth
    if can_handle_prints(user, user.lab_id):
        jobs = job_queue(
            lab=user.lab,
            status=filters.status or "",
            printer_id=filters.printer,
            material_id=filters.material,
        ).order_by("-created_at", "-id")
    else:
        jobs = jobs_of_member(member=user)
        if filters.status:
            jobs = jobs.filter(status=filters.status)
    page = jobs[filters.offset : filters.offset + filters.limit]
    return {"count": jobs.count(), "items": [job_payload(job, user) for job in page]}


@router.post(
    "/print-jobs",
    response={201: PrintJobOut, 413: ErrorOut, **STEP_ERRORS},
    summary="Send a print job",
    description="Multipart: one or more `files` (STL, OBJ or 3MF) and the options. Each file "
    "is analysed and quoted; a file that cannot be read refuses the whole job (422 with its "
    "code; 413 when too large) and nothing is kept.",
)
def create_job(request, files: File[list[UploadedFile]], options: Form[PrintJobIn]):
    user = request.auth
    lab = user.lab
    offered = materials_offered(lab=lab)
    code = options.material.strip()
    material = offered.filter(code__iexact=code).first() or (
        offered.filter(pk=int(code)).first() if code.isdigit() and len(code) < 10 else None
    )
    if material is None:
        raise Invalid(
            _("This material is not offered."), code="material_unavailable", field="material"
        )
    colour = None
    if options.colour is not None:
        colour = MaterialColour.objects.filter(pk=options.colour).first()
        if colour is None:
            raise Invalid(
                _("This colour is not in stock for %(material)s.") % {"material": material.name},
                code="colour_unavailable",
                field="colour",
            )
    printer = _printer(options.printer)
    if len(files) > js.MAX_FILES:
        raise Invalid(
            _("A job holds at most %(max)s files.") % {"max": js.MAX_FILES},
            code="too_many_files",
            field="files",
        )
    quantities = list(options.quantity) + [1] * (len(files) - len(options.quantity))
    stored = []
    try:
        with transaction.atomic():
            for uploaded, quantity in zip(files, quantities, strict=False):
                stored.append(
                    file_upload(
                        lab=lab,
                        uploaded_file=uploaded,
                        uploaded_by=user,
                        material=material,
                        printer=printer,
                        quantity=quantity,
                    )
                )
            job = js.print_job_submit(
                lab=lab,
                requester=user,
                files=stored,
                material=material,
                colour=colour,
                printer=printer,
                notes=options.notes,
            )
    except Exception:
        for print_file in stored:  # the rows went with the rollback; the stored files too
            print_file.file.delete(save=False)
        raise
    return Status(201, job_payload(job, user))


def _job(request, job_id: int) -> PrintJob:
    try:
        return job_get(viewer=request.auth, job_id=job_id)
    except Http404:
        raise NotFound(_("This print job does not exist."), code="job_not_found") from None


@router.get(
    "/print-jobs/{int:job_id}",
    response={200: PrintJobOut, 404: ErrorOut, **ERRORS},
    summary="One print job",
)
def get_job(request, job_id: int):
    return job_payload(_job(request, job_id), request.auth)


def _step_answer(request, job: PrintJob) -> dict:
    job = _job(request, job.pk)
    return job_payload(job, request.auth)


@router.post(
    "/print-jobs/{int:job_id}/approve",
    response={200: PrintJobOut, **STEP_ERRORS},
    summary="Approve a job (staff)",
)
def approve_job(request, job_id: int, payload: ApproveIn):
    job = _job(request, job_id)
    job = js.print_job_approve(
        actor=request.auth,
        job=job,
        price=payload.price,
        printer=_printer(payload.printer),
        message=payload.message,
    )
    return _step_answer(request, job)


@router.post(
    "/print-jobs/{int:job_id}/reject",
    response={200: PrintJobOut, **STEP_ERRORS},
    summary="Reject a job with a reason (staff)",
)
def reject_job(request, job_id: int, payload: RejectIn):
    job = js.print_job_reject(actor=request.auth, job=_job(request, job_id), reason=payload.reason)
    return _step_answer(request, job)


@router.post(
    "/print-jobs/{int:job_id}/assign",
    response={200: PrintJobOut, **STEP_ERRORS},
    summary="Choose the job's printer (staff)",
)
def assign_job(request, job_id: int, payload: AssignIn):
    job = _job(request, job_id)
    job = js.print_job_assign(actor=request.auth, job=job, printer=_printer(payload.printer))
    return _step_answer(request, job)


@router.post(
    "/print-jobs/{int:job_id}/printing",
    response={200: PrintJobOut, **STEP_ERRORS},
    summary="Mark a job as printing (staff)",
)
def start_job(request, job_id: int, payload: PrintingIn):
    job = _job(request, job_id)
    job = js.print_job_start(actor=request.auth, job=job, printer=_printer(payload.printer))
    return _step_answer(request, job)


@router.post(
    "/print-jobs/{int:job_id}/failed",
    response={200: PrintJobOut, **STEP_ERRORS},
    summary="Count a failed print; the job prints again (staff)",
)
def fail_job(request, job_id: int, payload: FailedIn):
    job = js.print_job_failed(actor=request.auth, job=_job(request, job_id), note=payload.note)
    return _step_answer(request, job)


@router.post(
    "/print-jobs/{int:job_id}/done",
    response={200: PrintJobOut, **STEP_ERRORS},
    summary="Mark a job as done, with the grams and minutes it took (staff)",
)
def finish_job(request, job_id: int, payload: DoneIn):
    job = js.print_job_done(
        actor=request.auth,
        job=_job(request, job_id),
        grams=payload.actual_grams,
        minutes=payload.actual_minutes,
        note=payload.note,
    )
    return _step_answer(request, job)


@router.post(
    "/print-jobs/{int:job_id}/picked-up",
    response={200: PrintJobOut, **STEP_ERRORS},
    summary="Mark a job as picked up (staff)",
)
def pick_up_job(request, job_id: int):
    job = js.print_job_picked_up(actor=request.auth, job=_job(request, job_id))
    return _step_answer(request, job)


@router.post(
    "/print-jobs/{int:job_id}/cancel",
    response={200: PrintJobOut, **STEP_ERRORS},
    summary="Cancel one's own job before it prints",
)
def cancel_job(request, job_id: int):
    job = js.print_job_cancel(actor=request.auth, job=_job(request, job_id))
    return _step_answer(request, job)
