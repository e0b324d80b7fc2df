"""Who is told what about a print job: the requester at each step (in-app and mail for a
member, a mail in their language for a visitor), the lab's staff when a job reaches the
queue, and the visitor's confirmation mail. Mails leave after the transaction commits."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from fabdesk.members.models import User
from fabdesk.members.roles import Role
from fabdesk.notifications.kinds import NotificationKind, kind_get
from fabdesk.notifications.recipients import Visitor
from fabdesk.notifications.services import mail_without_account, notify

from .models import PrintJob

JOB_UPDATE = "fabrication.job_update"
JOB_SUBMITTED = "fabrication.job_submitted"
# Sent to an address nobody has an account for: not a kind members choose in their settings.
CONFIRM_EMAIL = NotificationKind(
    "fabrication.confirm_email",
    label="",
    mandatory=True,
    template="fabrication/notifications/confirm_email",
)
SUBMIT_ACTION = "print_job.submitted"


def job_url(job: PrintJob) -> str:
    """Where the requester follows the job: their page for a member, the secret link for a
    visitor."""
    if job.requester_id is None:
        return reverse("fabrication:job_secret", args=[job.secret])
    return reverse("fabrication:job_detail", args=[job.pk])


def visitor_language(job: PrintJob) -> str:
    """The language the visitor used when submitting; the lab's default for older jobs."""
    valid = {code for code, _name in settings.LANGUAGES}
    return job.contact_language if job.contact_language in valid else settings.LANGUAGE_CODE


def _thumbnail_attachment(job: PrintJob) -> list[tuple[str, bytes, str]]:
    first = job.files.exclude(thumbnail="").order_by("id").first()
    if first is None:
        return []
    try:
        with first.thumbnail.open("rb") as handle:
            content = handle.read()
    except OSError:
        return []
    return [(f"{job.reference}.png", content, "image/png")]


def _mail(*, to, kind: NotificationKind, context: dict, url: str, attachments=None) -> None:
    mail_without_account(recipient=to, kind=kind, context=context, url=url, attachments=attachments)


def _visitor(job: PrintJob) -> Visitor:
    return Visitor(
        name=job.contact_name,
        email=job.contact_email,
        language=visitor_language(job),
        lab=job.lab,
    )


def tell_requester(job: PrintJob, *, event: str, note: str = "", actor=None) -> None:
    """Tell the requester what just happened to their job (`event`: approved, rejected,
    assigned, printing, reprint, done, picked_up, cancelled). Nobody is told of their own
    step."""
    requester = job.requester
    if requester is not None and requester.pk == getattr(actor, "pk", None):
        return
    context = {"job": job, "event": event, "note": note}
    url = job_url(job)
    attachments = _thumbnail_attachment(job)
    if requester is None:
        _mail(
            to=_visitor(job),
            kind=kind_get(JOB_UPDATE),
            context=context,
            url=url,
            attachments=attachments,
        )
    elif requester.is_active:
        notify(
            recipient=requester, kind=JOB_UPDATE, context=context, url=url, attachments=attachments
        )


def requester_name(job: PrintJob) -> str:
    requester = job.requester
    if requester is None:
        return job.contact_name
    return requester.get_full_name() or requester.email


def staff_of(lab_id: int):
    return (
        User.objects.filter(lab_id=lab_id, is_active=True, status=User.Status.ACTIVE)
        .filter(Q(groups__name__in=[Role.STAFF.value, Role.ADMIN.value]) | Q(is_superuser=True))
        .distinct()
        .order_by("pk")
    )


def tell_staff_new_job(job: PrintJob) -> None:
    """A job reached the queue: the lab's staff are told (not the requester, if staff)."""
    attachments = _thumbnail_attachment(job)
    for person in staff_of(job.lab_id):
        if person.pk == job.requester_id:
            continue
        notify(
            recipient=person,
            kind=JOB_SUBMITTED,
            context={"job": job, "who": requester_name(job)},
            url=reverse("fabrication:job_detail", args=[job.pk]),
            attachments=attachments,
        )


def send_confirmation(job: PrintJob, *, confirm_url: str) -> None:
    """The visitor confirms their address by following the link in this mail."""
    _mail(
        to=_visitor(job),
        kind=CONFIRM_EMAIL,
        context={"job": job, "confirm_url": f"{settings.SITE_URL}{confirm_url}"},
        url=job_url(job),
    )
