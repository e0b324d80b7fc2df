"""Who may see and run print jobs. The requester follows their own jobs; a visitor follows
theirs through the job's secret link; the lab's staff see and run every job of their lab;
nobody else learns that a job exists (404)."""

import secrets as _secrets

from django.http import Http404

from fabdesk.members.permissions import is_staff

from .models import PrintFile, PrintJob


def can_handle_prints(user, lab_id: int) -> bool:
    """Staff and admins of the lab run its print queue."""
    return is_staff(user) and user.lab_id == lab_id


def can_view_job(user, job: PrintJob) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return job.requester_id == user.pk or can_handle_prints(user, job.lab_id)


def secret_matches(job: PrintJob, secret: str) -> bool:
    return bool(secret) and _secrets.compare_digest(job.secret, str(secret))


def _jobs():
    return PrintJob.objects.select_related(
        "lab", "requester", "material", "colour", "profile", "printer"
    )


def job_get(*, viewer, job_id: int) -> PrintJob:
    """The job if the viewer may see it, else 404 (also across labs)."""
    job = _jobs().filter(pk=job_id).first()
    if job is None or not can_view_job(viewer, job):
        raise Http404
    return job


def job_get_by_secret(*, secret: str) -> PrintJob:
    """A visitor's job, found by the secret of its link (404 for any other string)."""
    job = _jobs().filter(secret=str(secret)[:64]).first() if secret else None
    if job is None:
        raise Http404
    return job


def can_view_file(request, print_file: PrintFile, *, secret: str = "") -> bool:
    """A file is seen by whoever may see its job; a file not yet in a job by the person (or
    the browser session) that uploaded it, and by the lab's staff."""
    user = request.user
    if print_file.job_id is not None:
        job = print_file.job
        return secret_matches(job, secret) or can_view_job(user, job)
    if can_handle_prints(user, print_file.lab_id):
        return True
    if getattr(user, "is_authenticated", False):
        return print_file.uploaded_by_id == user.pk
    return print_file.uploaded_by_id is None and print_file.pk in session_file_ids(request)


SESSION_FILES = "fabrication_files"


def session_file_ids(request) -> list[int]:
    """The files this browser uploaded and has not submitted yet (visitors have no account
    to own them)."""
    ids = request.session.get(SESSION_FILES, [])
    return [int(i) for i in ids if isinstance(i, int)]


def session_file_remember(request, print_file: PrintFile) -> None:
    ids = session_file_ids(request)
    if print_file.pk not in ids:
        request.session[SESSION_FILES] = [*ids, print_file.pk][-50:]


def session_files_forget(request, file_ids: list[int]) -> None:
    request.session[SESSION_FILES] = [i for i in session_file_ids(request) if i not in file_ids]


def file_get(request, *, file_id: int, secret: str = "") -> PrintFile:
    print_file = PrintFile.objects.select_related("job").filter(pk=file_id).first()
    if print_file is None or not can_view_file(request, print_file, secret=secret):
        raise Http404
    return print_file
