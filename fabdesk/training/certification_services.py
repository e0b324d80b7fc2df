"""Granting, revoking and using certifications. Every change is in the audit log."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fabdesk.core.errors import Conflict, Forbidden, Invalid
from fabdesk.core.services import audit_record
from fabdesk.equipment.models import Machine
from fabdesk.members.permissions import is_staff

from .certification_check import certification_state, trainings_unlocking
from .models import Certification, Training, TrainingSession
from .validity import expiry_for


def _check_staff_of(actor, training: Training) -> None:
    if not (is_staff(actor) and actor.lab_id == training.lab_id):
        raise Forbidden(_("Only the lab's staff can do this."), code="staff_only")


@transaction.atomic
def certification_grant(
    *,
    actor,
    member,
    training: Training,
    source: str,
    reason: str = "",
    session: TrainingSession | None = None,
    granted_at: dt.datetime | None = None,
) -> Certification:
    """Certify `member` for `training` from `granted_at` (now by default), expiring after the
    training's validity. `source` is attendance (the session's trainer or staff), staff (a
    reason is required, e.g. "trained elsewhere") or import.

    Granting while the member already holds a valid certification is refused, except from a
    new session attended (a renewal: the new row restarts the validity)."""
    if source not in Certification.Source.values:
        raise Invalid(_("Unknown way of granting a certification."), code="bad_source")
    if member.lab_id != training.lab_id:
        raise Invalid(_("This member belongs to another lab."), code="other_lab")
    if source == Certification.Source.ATTENDANCE:
        if session is None or session.training_id != training.pk:
            raise Invalid(_("A certification by attendance needs its session."), code="no_session")
        if not (actor is not None and (actor.pk == session.trainer_id or is_staff(actor))):
            raise Forbidden(
                _("Only the session's trainer or the staff can do this."), code="trainer_only"
            )
    else:
        _check_staff_of(actor, training)
        if source == Certification.Source.STAFF and not reason.strip():
            raise Invalid(
                _("Say why you grant this certification."), code="reason_required", field="reason"
            )
    granted_at = granted_at or timezone.now()
    if granted_at > timezone.now() + dt.timedelta(minutes=5):
        raise Invalid(
            _("A certification cannot start in the future."), code="future", field="granted_at"
        )
    held, refusal = certification_state(member=member, training=training, at=granted_at)
    if held is not None and refusal is None and source != Certification.Source.ATTENDANCE:
        until = (
            date_format(timezone.localtime(held.expires_at), "DATE_FORMAT")
            if held.expires_at
            else _("with no end date")
        )
        raise Conflict(
            _("%(member)s already holds “%(training)s” (valid %(until)s).")
            % {"member": member, "training": training.title, "until": until},
            code="already_certified",
        )
    cert = Certification.objects.create(
        member=member,
        training=training,
        granted_at=granted_at,
        expires_at=expiry_for(
            granted_at=granted_at, validity_months=training.validity_months, tz=training.lab.tzinfo
        ),
        source=source,
        session=session,
        granted_by=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason.strip(),
    )
    audit_record(
        actor=actor,
        target=member,
        action="certification.granted",
        changes={"training": [None, training.title], "source": [None, source]},
        reason=reason,
    )
    return cert


@transaction.atomic
def certification_revoke(*, actor, certification: Certification, reason: str) -> Certification:
    """Withdraw a certification (staff, with a reason): the member may no longer use the
    machines it unlocked, from now on."""
    _check_staff_of(actor, certification.training)
    if not reason.strip():
        raise Invalid(
            _("Say why you withdraw this certification."), code="reason_required", field="reason"
        )
    cert = Certification.objects.select_for_update().get(pk=certification.pk)
    if cert.revoked_at is not None:
        raise Conflict(_("This certification is already withdrawn."), code="already_revoked")
    cert.revoked_at, cert.revoked_by, cert.revoke_reason = timezone.now(), actor, reason.strip()
    cert.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit_record(
        actor=actor,
        target=cert.member,
        action="certification.revoked",
        changes={"training": [cert.training.title, None]},
        reason=reason,
    )
    return cert


def certification_record_use(*, member, machine: Machine, at: dt.datetime | None = None) -> int:
    """The member used the machine at `at` (a booking closed, a job run): certifications with
    a lapse count from here. Returns how many certifications were touched."""
    at = at or timezone.now()
    return (
        Certification.objects.filter(
            member=member,
            training__in=trainings_unlocking(machine),
            revoked_at__isnull=True,
            granted_at__lte=at,
        )
        .exclude(last_used_at__gte=at)
        .update(last_used_at=at)
    )
