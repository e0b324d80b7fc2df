"""Print job pages: the requester's jobs (a member's list and pages, a visitor's secret
link), the confirmation of a visitor's address, and the staff's queue with each step of a
job. Views parse input, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error

from . import job_services as js
from .job_forms import (
    ApproveForm,
    AssignForm,
    DoneForm,
    FailedForm,
    QueueFilterForm,
    RejectForm,
    StartForm,
)
from .job_history import job_history
from .job_notify import job_url
from .job_permissions import can_handle_prints, job_get, job_get_by_secret
from .job_pricing import job_quote
from .job_selectors import (
    QUEUE_ORDER,
    job_counts,
    job_files,
    job_queue,
    jobs_of_member,
    materials_offered,
    printers_of_lab,
)
from .models import JobStatus

PAGE_SIZE = 30
FINISHED_SHOWN = 20  # picked up, rejected, cancelled: the latest, unless filtered


# --- the requester's pages ------------------------------------------------------------------


@login_required
def my_jobs(request):
    jobs = jobs_of_member(member=request.user)
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "fabrication/jobs/mine.html", {"page": page})


def _done_initial(quote) -> dict:
    """The estimate of all copies, for staff to correct with what the print really took."""
    lines = [line for line in quote.lines if line.grams is not None and line.seconds]
    if not lines or len(lines) != len(quote.lines):
        return {}
    grams = sum(line.grams * line.print_file.quantity for line in lines)
    seconds = sum(line.seconds * line.print_file.quantity for line in lines)
    return {"actual_grams": round(grams, 1), "actual_minutes": max(1, round(seconds / 60))}


def _forms(job, data=None, quote=None) -> dict:
    printers = printers_of_lab(lab=job.lab)
    return {
        "approve_form": ApproveForm(
            data, printers=printers, initial={"printer": job.printer_id}, prefix="approve"
        ),
        "reject_form": RejectForm(data, prefix="reject"),
        "assign_form": AssignForm(
            data, printers=printers, initial={"printer": job.printer_id}, prefix="assign"
        ),
        "start_form": StartForm(data, printers=printers, prefix="start"),
        "failed_form": FailedForm(data, prefix="failed"),
        "done_form": DoneForm(
            data, prefix="done", initial=_done_initial(quote) if quote is not None else {}
        ),
    }


def _job_page(request, job, *, secret: str = "", status: int = 200, **bound):
    staff = can_handle_prints(request.user, job.lab_id)
    files = list(job_files(job=job))
    quote = job_quote(lab=job.lab, files=files, material=job.material, member=job.requester)
    context = {
        "job": job,
        "files": files,
        "quote": quote,
        "secret": secret,
        "staff": staff,
        "history": job_history(job, staff=staff),
        "can_cancel": job.status in js.STEPS["cancel"],
        "steps": {step: job.status in starts for step, starts in js.STEPS.items()},
    }
    if staff:
        context.update({**_forms(job, quote=quote), **bound})
    return render(request, "fabrication/jobs/detail.html", context, status=status)


@login_required
def job_detail(request, job_id: int):
    return _job_page(request, job_get(viewer=request.user, job_id=job_id))


def job_secret(request, secret: str):
    return _job_page(request, job_get_by_secret(secret=secret), secret=secret)


def _cancel(request, job, *, secret: str = ""):
    try:
        js.print_job_cancel(job=job, actor=request.user, secret=secret)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Your print job is cancelled."))
    return redirect(job_url(job))


@login_required
@require_POST
def job_cancel(request, job_id: int):
    return _cancel(request, job_get(viewer=request.user, job_id=job_id))


@require_POST
def job_secret_cancel(request, secret: str):
    return _cancel(request, job_get_by_secret(secret=secret), secret=secret)


def confirm_email(request):
    try:
        job = js.print_job_confirm_email(token=request.GET.get("token", ""))
    except DomainError as exc:
        return render(
            request, "fabrication/jobs/confirm_failed.html", {"message": exc.message}, status=400
        )
    messages.success(
        request, _("Thank you: your address is confirmed and the lab will review your job.")
    )
    return redirect(job_url(job))


# --- the staff's steps ----------------------------------------------------------------------

DONE_MESSAGES = {
    "approve": gettext_lazy("The job is approved."),
    "reject": gettext_lazy("The job is rejected."),
    "assign": gettext_lazy("The printer is assigned."),
    "start": gettext_lazy("The job is printing."),
    "failed": gettext_lazy("The failed print is counted; the job prints again."),
    "done": gettext_lazy("The job is done: the requester is told it is ready."),
}


def _act(actor, job, name: str, data: dict):
    if name == "approve":
        return js.print_job_approve(
            actor=actor,
            job=job,
            price=data["price"],
            printer=data["printer"],
            message=data["message"],
        )
    if name == "reject":
        return js.print_job_reject(actor=actor, job=job, reason=data["reason"])
    if name == "assign":
        return js.print_job_assign(actor=actor, job=job, printer=data["printer"])
    if name == "start":
        return js.print_job_start(actor=actor, job=job, printer=data["printer"])
    if name == "failed":
        return js.print_job_failed(actor=actor, job=job, note=data["note"])
    return js.print_job_done(
        actor=actor,
        job=job,
        grams=data["actual_grams"],
        minutes=data["actual_minutes"],
        note=data["note"],
    )


def _staff_step(request, job_id: int, name: str):
    """Parse the step's form, run it, and come back to the job (its form with the errors when
    refused)."""
    job = job_get(viewer=request.user, job_id=job_id)
    if not can_handle_prints(request.user, job.lab_id):
        messages.error(request, _("Only the lab's staff can run the print queue."))
        return redirect("fabrication:job_detail", job.pk)
    form = _forms(job, request.POST)[f"{name}_form"]
    if form.is_valid():
        try:
            _act(request.user, job, name, form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, str(DONE_MESSAGES[name]))
            return redirect("fabrication:job_detail", job.pk)
    return _job_page(request, job, status=422, **{f"{name}_form": form, "open_step": name})


@login_required
@require_POST
def job_approve(request, job_id: int):
    return _staff_step(request, job_id, "approve")


@login_required
@require_POST
def job_reject(request, job_id: int):
    return _staff_step(request, job_id, "reject")


@login_required
@require_POST
def job_assign(request, job_id: int):
    return _staff_step(request, job_id, "assign")


@login_required
@require_POST
def job_printing(request, job_id: int):
    return _staff_step(request, job_id, "start")


@login_required
@require_POST
def job_failed(request, job_id: int):
    return _staff_step(request, job_id, "failed")


@login_required
@require_POST
def job_done(request, job_id: int):
    return _staff_step(request, job_id, "done")


@login_required
@require_POST
def job_picked_up(request, job_id: int):
    job = job_get(viewer=request.user, job_id=job_id)
    try:
        js.print_job_picked_up(actor=request.user, job=job)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The job is picked up."))
    return redirect("fabrication:job_detail", job.pk)


# --- the queue ------------------------------------------------------------------------------


@staff_required
def queue(request):
    lab = request.user.lab
    printers = printers_of_lab(lab=lab)
    materials = materials_offered(lab=lab)
    form = QueueFilterForm(request.GET or None, printers=printers, materials=materials)
    filters = form.filters()
    finished = (JobStatus.PICKED_UP, JobStatus.REJECTED, JobStatus.CANCELLED)
    groups = []
    for status in QUEUE_ORDER:
        if filters.get("status") and filters["status"] != status:
            continue
        jobs = job_queue(lab=lab, **{**filters, "status": status})
        if status in finished:
            jobs = jobs.order_by("-updated_at", "-id")
            if not filters.get("status"):
                jobs = jobs[:FINISHED_SHOWN]
        groups.append({"status": status, "label": JobStatus(status).label, "jobs": list(jobs)})
    context = {"form": form, "groups": groups, "counts": job_counts(lab=lab)}
    return render(request, "fabrication/jobs/queue.html", context)
