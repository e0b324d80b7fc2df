"""Taking attendance: the trainer (or staff) marks each member enrolled passed, attended
without passing yet, or absent. Passing grants the certification, from the session's end,
through certification_grant; saving again grants nothing twice.

Changing "passed" to another outcome withdraws the certification that session gave: the
lab's staff may (certification_revoke, with the reason "attendance corrected"); a volunteer
trainer is refused and asked to see the staff, since only staff withdraw certifications."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fabdesk.core.errors import Forbidden, Invalid

from .certification_services import certification_grant, certification_revoke
from .models import Certification, Enrolment, TrainingSession
from .session_permissions import can_lead, can_manage_sessions
from .session_selectors import session_for_update

OUTCOMES = Enrolment.Outcome


def _day(session: TrainingSession) -> str:
    return date_format(timezone.localtime(session.starts_at, session.training.lab.tzinfo))


def _session_certification(enrolment: Enrolment) -> Certification | None:
    return Certification.objects.filter(
        member_id=enrolment.member_id, session_id=enrolment.session_id, revoked_at__isnull=True
    ).first()


@transaction.atomic
def attendance_record(*, actor, session: TrainingSession, outcomes: dict[int, str]) -> list:
    """Record `outcomes` ({enrolment id: "passed" | "not_passed" | "absent"}) for members
    enrolled in `session`. Members not named keep what they had. Returns the certifications
    granted by this call."""
    if not can_lead(actor, session):
        raise Forbidden(
            _("Only the session's trainer or the staff can take attendance."),
            code="trainer_only",
        )
    session = session_for_update(session_id=session.pk)
    now = timezone.now()
    if session.status != TrainingSession.Status.SCHEDULED:
        raise Invalid(_("This session was cancelled."), code="session_cancelled")
    if session.starts_at > now:
        raise Invalid(
            _("This session has not started yet: attendance is taken once it is held."),
            code="session_not_held",
        )
    enrolments = {
        e.pk: e
        for e in session.enrolments.filter(status=Enrolment.Status.ENROLLED).select_related(
            "member"
        )
    }
    for enrolment_id, outcome in outcomes.items():
        if enrolment_id not in enrolments:
            raise Invalid(_("This member is not enrolled in the session."), code="not_enrolled")
        if outcome not in OUTCOMES.values:
            raise Invalid(_("Choose passed, attended or absent."), code="bad_outcome")
    granted = []
    for enrolment_id, outcome in outcomes.items():
        enrolment = enrolments[enrolment_id]
        held = _session_certification(enrolment)
        if outcome == OUTCOMES.PASSED and held is None:
            granted.append(
                certification_grant(
                    actor=actor,
                    member=enrolment.member,
                    training=session.training,
                    source=Certification.Source.ATTENDANCE,
                    session=session,
                    granted_at=min(session.ends_at, now),
                )
            )
        elif outcome != OUTCOMES.PASSED and held is not None:
            if not can_manage_sessions(actor, session.training.lab_id):
                raise Forbidden(
                    _(
                        "%(member)s already received the certification from this session: only "
                        "the staff can withdraw it."
                    )
                    % {"member": enrolment.member},
                    code="staff_only",
                )
            certification_revoke(
                actor=actor,
                certification=held,
                reason=_("Attendance corrected: not passed in the session of %(date)s.")
                % {"date": _day(session)},
            )
        if enrolment.outcome != outcome:
            enrolment.outcome = outcome
            enrolment.save(update_fields=["outcome"])
    session.attendance_taken_at = now
    session.save(update_fields=["attendance_taken_at"])
    return granted
