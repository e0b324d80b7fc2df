"""Rules about print jobs: who submits one (a member, or a visitor who confirms their address),
how it moves through the queue (submitted → approved → printing → done → picked up; rejected
or cancelled on the way), and who is told at each step.

Every step is enforced here: the pages and the API only offer what these functions allow.
A refused step changes nothing and says why (`Invalid` with a code); another person's job is
not found (404)."""

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.errors import Forbidden, Invalid, NotFound
from fabdesk.core.models import Lab
from fabdesk.core.money import money_round
from fabdesk.core.services import audit_record
from fabdesk.equipment.models import Machine, MachineCategory, MachineStatus
from fabdesk.members.models import User

from .job_notify import SUBMIT_ACTION, send_confirmation, tell_requester, tell_staff_new_job
from .job_permissions import can_handle_prints, can_view_job, secret_matches
from .job_pricing import job_quote
from .job_selectors import PRINTER_KINDS, profile_for
from .models import (
    JobStatus,
    Material,
    MaterialColour,
    PrintFile,
    PrintJob,
    PrintSettings,
    Technology,
)
from .signals import print_job_approved, print_job_cancelled

MAX_FILES = 20
MAX_NOTES = 2000
MAX_MESSAGE = 2000
MAX_QUANTITY = 100
CONFIRM_SALT = "fabrication.print-job-email"
CONFIRM_MAX_AGE = timedelta(days=7)

S = JobStatus
# Which statuses each step starts from, and what it says when the job is elsewhere.
STEPS: dict[str, tuple[str, ...]] = {
    "approve": (S.SUBMITTED,),
    "reject": (S.SUBMITTED, S.APPROVED),
    "assign": (S.SUBMITTED, S.APPROVED, S.PRINTING),
    "printing": (S.APPROVED,),
    "failed": (S.PRINTING,),
    "done": (S.PRINTING,),
    "picked_up": (S.DONE,),
    "cancel": (S.SUBMITTED, S.APPROVED),
}


def _refusal(step: str) -> str:
    return {
        "approve": _("Only a job waiting for approval can be approved; this one is “%(status)s”."),
        "reject": _("Only a job not yet printing can be rejected; this one is “%(status)s”."),
        "assign": _(
            "A printer can be chosen until the print is finished; this job is “%(status)s”."
        ),
        "printing": _("Only an approved job can start printing; this one is “%(status)s”."),
        "failed": _("Only a job being printed can fail; this one is “%(status)s”."),
        "done": _("Only a job being printed can be finished; this one is “%(status)s”."),
        "picked_up": _("Only a finished job can be picked up; this one is “%(status)s”."),
        "cancel": _(
            "A job can only be cancelled before it starts printing; this one is “%(status)s”."
        ),
    }[step]


# --- checks ---------------------------------------------------------------------------------


def _require_staff(actor, job: PrintJob) -> None:
    if can_handle_prints(actor, job.lab_id):
        return
    if can_view_job(actor, job):
        raise Forbidden(_("Only the lab's staff can run the print queue."), code="staff_only")
    raise NotFound(_("This print job does not exist."), code="job_not_found")


def _locked(job: PrintJob) -> PrintJob:
    """The job as it is now, locked until the transaction ends: two staff acting at once are
    served one after the other, and the second sees the first one's step."""
    return (
        PrintJob.objects.select_for_update(of=("self",))
        .select_related("lab", "requester", "material", "colour", "printer")
        .get(pk=job.pk)
    )


def _check_step(job: PrintJob, step: str) -> None:
    if job.status not in STEPS[step]:
        raise Invalid(
            _refusal(step) % {"status": JobStatus(job.status).label},
            code="invalid_transition",
            field="status",
        )


# Which printers print which materials.
PRINTER_KIND_FOR = {
    Technology.FDM: MachineCategory.Kind.FDM_PRINTER,
    Technology.RESIN: MachineCategory.Kind.RESIN_PRINTER,
}


def _printer_check(*, lab_id: int, printer: Machine | None, material: Material) -> Machine | None:
    if printer is None:
        return None
    if printer.lab_id != lab_id:
        raise NotFound(_("This printer does not exist."), code="printer_not_found", field="printer")
    if printer.category.kind not in PRINTER_KINDS:
        raise Invalid(_("This machine is not a 3D printer."), code="not_a_printer", field="printer")
    if printer.status == MachineStatus.RETIRED:
        raise Invalid(_("This printer is retired."), code="printer_retired", field="printer")
    if PRINTER_KIND_FOR.get(material.technology, printer.category.kind) != printer.category.kind:
        raise Invalid(
            _("%(printer)s does not print %(material)s.")
            % {"printer": printer.name, "material": material.name},
            code="printer_wrong_technology",
            field="printer",
        )
    return printer


def _text(value: str, *, limit: int, field: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise Invalid(
            _("Keep it under %(max)s characters.") % {"max": limit},
            code="too_long",
            field=field,
        )
    return value


def _decimal(value, *, field: str, message: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise Invalid(message, code="bad_number", field=field) from None
    if not number.is_finite():
        raise Invalid(message, code="bad_number", field=field)
    return number


def _price(value) -> Decimal:
    price = _decimal(value, field="price", message=_("Enter a price."))
    if price < 0 or price >= Decimal("10000000"):
        raise Invalid(_("Enter a price between 0 and 9,999,999."), code="bad_price", field="price")
    return money_round(price)


def _audit(actor, job: PrintJob, step: str, changes: dict, reason: str = "") -> None:
    audit_record(
        actor=actor, target=job, action=f"print_job.{step}", changes=changes, reason=reason
    )


# --- submitting -----------------------------------------------------------------------------


def _check_requester(*, lab: Lab, requester, contact_name: str, contact_email: str):
    """(name, email) of a visitor; ("", "") for a member, whose account says who they are."""
    if requester is not None:
        if not requester.is_active or requester.lab_id != lab.pk:
            raise Forbidden(_("Log in to request a print."), code="login_required")
        if requester.status == User.Status.SUSPENDED:
            raise Forbidden(
                _("Your account is suspended: you cannot request a print."),
                code="account_suspended",
            )
        return "", ""
    print_settings = PrintSettings.objects.filter(lab=lab).first()
    if print_settings is not None and not print_settings.accepts_visitors:
        raise Forbidden(
            _("This lab prints for its members only: log in to request a print."),
            code="members_only",
        )
    name = _text(contact_name, limit=150, field="contact_name")
    if not name:
        raise Invalid(_("Enter your name."), code="name_required", field="contact_name")
    email = (contact_email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid(
            _("Enter a valid email address: the lab answers there."),
            code="email_required",
            field="contact_email",
        ) from None
    return name, email


def _check_files(*, lab: Lab, requester, files: list[PrintFile]) -> list[PrintFile]:
    if not files:
        raise Invalid(_("Add at least one file to print."), code="files_required", field="files")
    if len(files) > MAX_FILES:
        raise Invalid(
            _("A job holds at most %(max)s files.") % {"max": MAX_FILES},
            code="too_many_files",
            field="files",
        )
    locked = list(
        PrintFile.objects.select_for_update().filter(pk__in=[f.pk for f in files]).order_by("id")
    )
    owner_id = requester.pk if requester is not None else None
    for print_file in locked:
        if print_file.lab_id != lab.pk or print_file.uploaded_by_id != owner_id:
            raise NotFound(_("This file does not exist."), code="file_not_found", field="files")
        if print_file.job_id is not None:
            raise Invalid(
                _("“%(name)s” is already part of a job.") % {"name": print_file.original_name},
                code="file_in_job",
                field="files",
            )
        if not print_file.analysis:
            raise Invalid(
                _("“%(name)s” could not be read: remove it or upload it again.")
                % {"name": print_file.original_name},
                code="file_not_analysed",
                field="files",
            )
        if not 1 <= print_file.quantity <= MAX_QUANTITY:
            raise Invalid(
                _("Print between 1 and %(max)s copies of each file.") % {"max": MAX_QUANTITY},
                code="bad_quantity",
                field="quantity",
            )
    if len(locked) != len({f.pk for f in files}):
        raise NotFound(_("This file does not exist."), code="file_not_found", field="files")
    return locked


def _check_material(*, lab: Lab, material: Material, colour: MaterialColour | None) -> None:
    if material.lab_id != lab.pk or not material.active:
        raise Invalid(
            _("This material is not offered."), code="material_unavailable", field="material"
        )
    if colour is not None and (colour.material_id != material.pk or not colour.in_stock):
        raise Invalid(
            _("This colour is not in stock for %(material)s.") % {"material": material.name},
            code="colour_unavailable",
            field="colour",
        )


def _next_reference(lab: Lab) -> str:
    """P-<year>-<number>, the number one more than the highest of the year in this lab. Gaps
    are possible (a failed submission), duplicates are not (the caller holds the lab's lock
    and the database's unique constraint has the last word)."""
    year = timezone.localtime(timezone.now(), lab.tzinfo).year
    prefix = f"P-{year}-"
    last = (
        PrintJob.objects.filter(lab=lab, reference__startswith=prefix)
        .annotate(size=Length("reference"))
        .order_by("-size", "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last[len(prefix) :]) + 1 if last and last[len(prefix) :].isdigit() else 1
    return f"{prefix}{number:04d}"


def _insert_with_reference(job: PrintJob) -> None:
    Lab.objects.select_for_update().filter(pk=job.lab_id).first()  # one submission at a time
    for attempt in range(5):
        job.reference = _next_reference(job.lab)
        try:
            with transaction.atomic():
                job.save(force_insert=True)
            return
        except IntegrityError:
            job.pk = None
            if attempt == 4:
                raise


def confirmation_token(job: PrintJob) -> str:
    return signing.dumps({"j": job.pk, "e": job.contact_email}, salt=CONFIRM_SALT)


def confirmation_url(job: PrintJob) -> str:
    query = urlencode({"token": confirmation_token(job)})
    return f"{reverse('fabrication:confirm_email')}?{query}"


@transaction.atomic
def print_job_submit(
    *,
    lab: Lab,
    files: list[PrintFile],
    material: Material,
    colour: MaterialColour | None = None,
    printer: Machine | None = None,
    notes: str = "",
    requester: User | None = None,
    contact_name: str = "",
    contact_email: str = "",
    language: str = "",
) -> PrintJob:
    """A member (or a visitor giving their name and address) asks the lab to print `files`,
    already uploaded and quoted. A member's job reaches the queue at once; a visitor's once
    they follow the link mailed to them (`print_job_confirm_email`)."""
    name, email = _check_requester(
        lab=lab, requester=requester, contact_name=contact_name, contact_email=contact_email
    )
    _check_material(lab=lab, material=material, colour=colour)
    printer = _printer_check(lab_id=lab.pk, printer=printer, material=material)
    notes = _text(notes, limit=MAX_NOTES, field="notes")
    files = _check_files(lab=lab, requester=requester, files=files)
    profile = profile_for(lab=lab, printer=printer)
    if profile is None:
        raise Invalid(
            _("The lab has not set up its printers yet: prints cannot be requested."),
            code="no_print_profile",
        )
    job = PrintJob(
        lab=lab,
        requester=requester,
        contact_name=name,
        contact_email=email,
        email_confirmed_at=timezone.now() if requester is not None else None,
        material=material,
        colour=colour,
        profile=profile,
        printer=printer,
        notes=notes,
        contact_language=language if requester is None else "",
        quoted_price=job_quote(lab=lab, files=files, material=material, member=requester).total,
    )
    _insert_with_reference(job)
    PrintFile.objects.filter(pk__in=[f.pk for f in files]).update(job=job)
    changes = {"files": len(files), "quoted_price": str(job.quoted_price)}
    audit_record(actor=requester, target=job, action=SUBMIT_ACTION, changes=changes)
    if requester is None:
        send_confirmation(job, confirm_url=confirmation_url(job))
    else:
        tell_staff_new_job(job)
    return job


@transaction.atomic
def print_job_confirm_email(*, token: str) -> PrintJob:
    """The visitor followed the link mailed to them: their job joins the queue. Following it
    again changes nothing; a link altered or older than a week is refused."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        job_id, email = int(data["j"]), str(data["e"])
    except signing.SignatureExpired:
        raise Invalid(
            _("This link has expired: submit the job again."), code="link_expired"
        ) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Invalid(_("This link is not valid."), code="bad_link") from None
    job = PrintJob.objects.filter(pk=job_id, contact_email=email).first()
    if job is None:
        raise Invalid(_("This link is not valid."), code="bad_link")
    job = _locked(job)
    if job.email_confirmed_at is None:
        job.email_confirmed_at = timezone.now()
        job.save(update_fields=["email_confirmed_at", "updated_at"])
        audit_record(actor=None, target=job, action="print_job.email_confirmed")
        if job.status == S.SUBMITTED:
            tell_staff_new_job(job)
    return job


# --- the staff's steps ----------------------------------------------------------------------


def _step(actor, job: PrintJob, step: str) -> tuple[PrintJob, str]:
    _require_staff(actor, job)
    job = _locked(job)
    _check_step(job, step)
    return job, job.status


@transaction.atomic
def print_job_approve(
    *,
    actor,
    job: PrintJob,
    price=None,
    printer: Machine | None = None,
    message: str = "",
) -> PrintJob:
    """Staff accept the job, at the quoted price or one they set (a part needing supports,
    a discount), possibly choosing the printer, with a message to the requester."""
    job, old = _step(actor, job, "approve")
    if job.email_confirmed_at is None:
        raise Invalid(
            _("The requester has not confirmed their email address yet."),
            code="email_not_confirmed",
        )
    # approved_price is what billing charges for the job (issue 7: the job becomes a charge).
    approved = _price(price) if price not in (None, "") else job.quoted_price
    if approved is None:
        raise Invalid(
            _("This job has no quoted price: enter the price to charge."),
            code="price_required",
            field="price",
        )
    job.printer = (
        _printer_check(lab_id=job.lab_id, printer=printer, material=job.material) or job.printer
    )
    job.staff_message = _text(message, limit=MAX_MESSAGE, field="message")
    job.approved_price = approved
    job.status = S.APPROVED
    job.save()
    _audit(
        actor,
        job,
        "approved",
        {
            "status": [old, job.status],
            "quoted_price": str(job.quoted_price),
            "approved_price": str(approved),
            "printer": job.printer_id,
        },
        job.staff_message,
    )
    tell_requester(job, event="approved", note=job.staff_message, actor=actor)
    print_job_approved.send(sender=PrintJob, job=job, actor=actor)
    return job


@transaction.atomic
def print_job_reject(*, actor, job: PrintJob, reason: str) -> PrintJob:
    """Staff refuse the job and say why (the file cannot be printed, it is not allowed...)."""
    job, old = _step(actor, job, "reject")
    reason = _text(reason, limit=500, field="reason")
    if not reason:
        raise Invalid(
            _("Say why the job is rejected: the requester reads it."),
            code="reason_required",
            field="reason",
        )
    job.status = S.REJECTED
    job.reject_reason = reason
    job.save()
    _audit(actor, job, "rejected", {"status": [old, job.status]}, reason)
    tell_requester(job, event="rejected", note=reason, actor=actor)
    print_job_cancelled.send(sender=PrintJob, job=job, actor=actor, by_lab=True)
    return job


@transaction.atomic
def print_job_assign(*, actor, job: PrintJob, printer: Machine) -> PrintJob:
    """Staff choose (or change) the printer the job prints on."""
    job, _old = _step(actor, job, "assign")
    if printer is None:
        raise Invalid(_("Choose a printer."), code="printer_required", field="printer")
    before = job.printer_id
    job.printer = _printer_check(lab_id=job.lab_id, printer=printer, material=job.material)
    if job.printer_id == before:
        return job
    job.save()
    _audit(actor, job, "assigned", {"printer": [before, job.printer_id]})
    tell_requester(job, event="assigned", actor=actor)
    return job


@transaction.atomic
def print_job_start(*, actor, job: PrintJob, printer: Machine | None = None) -> PrintJob:
    """The print starts on its printer (chosen now if it was not)."""
    job, old = _step(actor, job, "printing")
    job.printer = (
        _printer_check(lab_id=job.lab_id, printer=printer, material=job.material) or job.printer
    )
    if job.printer is None:
        raise Invalid(
            _("Choose the printer the job prints on."), code="printer_required", field="printer"
        )
    job.status = S.PRINTING
    job.save()
    _audit(actor, job, "printing", {"status": [old, job.status], "printer": job.printer_id})
    tell_requester(job, event="printing", actor=actor)
    return job


@transaction.atomic
def print_job_failed(*, actor, job: PrintJob, note: str = "") -> PrintJob:
    """A print failed and starts again: the job stays printing and the failure is counted."""
    job, _old = _step(actor, job, "failed")
    note = _text(note, limit=MAX_MESSAGE, field="note")
    job.failed_attempts += 1
    job.save()
    _audit(actor, job, "failed", {"failed_attempts": job.failed_attempts}, note)
    tell_requester(job, event="reprint", note=note, actor=actor)
    return job


@transaction.atomic
def print_job_done(*, actor, job: PrintJob, grams, minutes, note: str = "") -> PrintJob:
    """The print is finished: staff note the material and the time it really took, and the
    requester is told it waits for them."""
    job, old = _step(actor, job, "done")
    grams = _decimal(grams, field="actual_grams", message=_("Enter the grams of material used."))
    if not Decimal("0") < grams < Decimal("100000000"):
        raise Invalid(
            _("Enter the grams of material used (more than 0)."),
            code="bad_grams",
            field="actual_grams",
        )
    try:
        minutes = int(str(minutes))
    except (TypeError, ValueError):
        minutes = 0
    if not 0 < minutes <= 100_000:
        raise Invalid(
            _("Enter the print time in minutes (between 1 and 100000)."),
            code="bad_minutes",
            field="actual_minutes",
        )
    note = _text(note, limit=MAX_MESSAGE, field="note")
    job.actual_grams = grams.quantize(Decimal("0.1"))
    job.actual_minutes = minutes
    job.status = S.DONE
    job.save()
    _audit(
        actor,
        job,
        "done",
        {
            "status": [old, job.status],
            "actual_grams": str(job.actual_grams),
            "actual_minutes": minutes,
            "failed_attempts": job.failed_attempts,
        },
        note,
    )
    tell_requester(job, event="done", note=note, actor=actor)
    return job


@transaction.atomic
def print_job_picked_up(*, actor, job: PrintJob) -> PrintJob:
    """The requester took their parts."""
    job, old = _step(actor, job, "picked_up")
    job.status = S.PICKED_UP
    job.save()
    _audit(actor, job, "picked_up", {"status": [old, job.status]})
    tell_requester(job, event="picked_up", actor=actor)
    return job


@transaction.atomic
def print_job_cancel(*, job: PrintJob, actor=None, secret: str = "") -> PrintJob:
    """The requester withdraws their job before it prints: a member from their account, a
    visitor through the job's secret link."""
    is_requester = (
        getattr(actor, "is_authenticated", False) and job.requester_id == actor.pk
    ) or secret_matches(job, secret)
    if not is_requester:
        if can_handle_prints(actor, job.lab_id):
            raise Forbidden(
                _("Only the requester can cancel a job: reject it instead."),
                code="requester_only",
            )
        raise NotFound(_("This print job does not exist."), code="job_not_found")
    job = _locked(job)
    _check_step(job, "cancel")
    old = job.status
    job.status = S.CANCELLED
    job.save()
    audit_record(
        actor=actor,
        target=job,
        action="print_job.cancelled",
        changes={"status": [old, job.status]},
    )
    if job.requester_id is None:
        tell_requester(job, event="cancelled")
    print_job_cancelled.send(sender=PrintJob, job=job, actor=actor, by_lab=False)
    return job
