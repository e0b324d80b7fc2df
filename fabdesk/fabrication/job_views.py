"""Print job pages: the requester's job (a member's page, a visitor's secret link), the
confirmation of a visitor's address. Views parse input, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fabdesk.core.errors import DomainError

from .job_notify import job_url
from .job_permissions import can_handle_prints, job_get, job_get_by_secret
from .job_selectors import job_files
from .job_services import print_job_confirm_email


def _job_page(request, job, *, secret: str = "", status: int = 200, **forms):
    context = {
        "job": job,
        "files": job_files(job=job),
        "secret": secret,
        "staff": can_handle_prints(request.user, job.lab_id),
        **forms,
    }
    return render(request, "fabrication/jobs/detail.html", context, status=status)


@login_required
def job_detail(request, job_id: int):
    return _job_page(request, job_get(viewer=request.user, job_id=job_id))


def job_secret(request, secret: str):
    return _job_page(request, job_get_by_secret(secret=secret), secret=secret)


def confirm_email(request):
    try:
        job = print_job_confirm_email(token=request.GET.get("token", ""))
    except DomainError as exc:
        return render(
            request, "fabrication/jobs/confirm_failed.html", {"message": exc.message}, status=400
        )
    messages.success(
        request, _("Thank you: your address is confirmed and the lab will review your job.")
    )
    return redirect(job_url(job))
