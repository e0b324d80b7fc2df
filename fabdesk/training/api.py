"""API endpoints about trainings: the catalogue and the upcoming sessions (public), a
member's enrolment, certifications (the holder and the staff read them, staff grant and
withdraw them), and the access check a door or a machine asks before letting a member in.

Each endpoint parses input, calls the training selectors, services or the one certification
check, and returns a schema; refusals are rendered by fabdesk.api's exception handlers."""

import datetime as dt

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from fabdesk.core.errors import Forbidden, Invalid, NotFound
from fabdesk.core.markdown import markdown_to_html
from fabdesk.core.selectors import lab_for_user
from fabdesk.core.timeutils import at_wall_clock
from fabdesk.equipment.models import Machine, MachineStatus
from fabdesk.equipment.permissions import machine_get
from fabdesk.members.models import User
from fabdesk.members.permissions import can_view_member, is_staff
from fabdesk.members.schemas import ErrorOut
from fabdesk.tokens.auth import OPTIONAL_AUTH, PUBLIC

from .certification_check import certification_check, certification_state
from .certification_services import certification_grant, certification_revoke
from .enrolment_services import enrolment_cancel, enrolment_create, waitlist_position
from .models import Certification, Enrolment, Training, TrainingSession
from .passport import expiring_soon
from .schemas import (
    CertificationAccessOut,
    CertificationGrantIn,
    CertificationList,
    CertificationOut,
    CertificationRevokeIn,
    TrainingDetailOut,
    TrainingEnrolmentOut,
    TrainingFilters,
    TrainingPage,
    TrainingSessionFilters,
    TrainingSessionOut,
    TrainingSessionPage,
)
from .selectors import training_list
from .session_selectors import session_list
from .validity import lapse_for

PUBLIC_ERRORS = {401: ErrorOut, 422: ErrorOut, 429: ErrorOut}
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
BODY_ERRORS = {400: ErrorOut, 409: ErrorOut, **ERRORS}
NEXT_SESSIONS = 20

router = Router()


def _lab(request):
    return lab_for_user(request.auth)


# Reads, with their joins done (the training selectors): a page of 200 costs the same
# queries as a page of 2.


def _sessions(*, lab, viewer, training_id=None, first_day=None, last_day=None):
    """Scheduled sessions not started yet (from `first_day` on, up to `last_day` included,
    days of the lab's time zone), with seats taken, waitlist and the viewer's enrolment."""
    tz = lab.tzinfo
    start = timezone.now()
    if first_day is not None:
        start = max(start, at_wall_clock(first_day, dt.time.min, tz))
    end = None
    if last_day is not None:
        end = at_wall_clock(last_day + dt.timedelta(days=1), dt.time.min, tz)
    sessions = session_list(lab=lab, start=start, end=end, training_id=training_id)
    live = Enrolment.objects.exclude(status=Enrolment.Status.CANCELLED)
    mine = live.filter(member_id=viewer.pk) if viewer.is_authenticated else live.none()
    return sessions.prefetch_related(Prefetch("enrolments", queryset=mine, to_attr="mine"))


def _current_certifications(member) -> list[Certification]:
    """The member's latest certification per training, newest first."""
    rows = Certification.objects.filter(member=member).select_related("training__lab")
    latest: dict[int, Certification] = {}
    for cert in rows.order_by("-granted_at", "-id"):
        latest.setdefault(cert.training_id, cert)
    return list(latest.values())


# Payloads, as the schemas declare them.


def _training_ref(training: Training) -> dict:
    return {"id": training.pk, "slug": training.slug, "title": training.title}


def _machine_ref(machine: Machine) -> dict:
    return {"id": machine.pk, "slug": machine.slug, "name": machine.name, "status": machine.status}


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.email}


def _training_payload(training: Training) -> dict:
    return {
        "id": training.pk,
        "slug": training.slug,
        "title": training.title,
        "description": training.description,
        "description_html": str(markdown_to_html(training.description)),
        "duration_minutes": training.duration_minutes,
        "unlocks": {
            "machines": [_machine_ref(m) for m in training.machines.all() if m.status != "retired"],
            "categories": [
                {"id": c.pk, "slug": c.slug, "name": c.name, "kind": c.kind}
                for c in training.categories.all()
            ],
        },
        "prerequisites": [_training_ref(p) for p in training.prerequisites.all()],
        "validity_months": training.validity_months,
        "lapse_months": training.lapse_months,
        "max_participants": training.max_participants,
        "min_participants": training.min_participants,
        "cancel_deadline_hours": training.cancel_deadline_hours,
        "prices": [
            {
                "group": {
                    "id": p.member_group.pk,
                    "slug": p.member_group.slug,
                    "name": p.member_group.name,
                },
                "amount": str(p.amount),
            }
            for p in training.prices.all()
        ],
    }


def _session_payload(session: TrainingSession) -> dict:
    space = session.space
    mine = session.mine[0] if session.mine else None
    return {
        "id": session.pk,
        "training": _training_ref(session.training),
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "trainer": _person(session.trainer),
        "space": {"id": space.pk, "slug": space.slug, "name": space.name} if space else None,
        "place": space.name if space else session.place,
        "capacity": session.capacity,
        "seats_left": max(session.capacity - session.enrolled_count, 0),
        "waitlist_length": session.waitlisted_count,
        "notes": session.notes,
        "my_enrolment": {"id": mine.pk, "status": mine.status} if mine else None,
    }


def _state(cert: Certification, at: dt.datetime) -> tuple[str, str]:
    """Where a member's current certification stands: the one rule's verdict, and
    `expiring_soon` for a valid one ending within the training's reminder days."""
    _held, refusal = certification_state(member=cert.member, training=cert.training, at=at)
    if refusal is not None:
        return refusal.code, refusal.message
    if expiring_soon(cert, cert.training, at):
        return "expiring_soon", ""
    return "valid", ""


def _certification_payload(cert: Certification) -> dict:
    state, message = _state(cert, timezone.now())
    training = cert.training
    return {
        "id": cert.pk,
        "training": _training_ref(training),
        "granted_at": cert.granted_at,
        "expires_at": cert.expires_at,
        "lapses_at": lapse_for(
            last_use=cert.last_used_at or cert.granted_at,
            lapse_months=training.lapse_months,
            tz=training.lab.tzinfo,
        ),
        "last_used_at": cert.last_used_at,
        "source": cert.source,
        "session": cert.session_id,
        "reason": cert.reason,
        "state": state,
        "state_message": message,
        "revoked_at": cert.revoked_at,
        "revoke_reason": cert.revoke_reason,
    }


def _access_payload(*, member: User, machine: Machine) -> dict:
    """certification_check's answer, and the machine's own status beside it: a machine that
    is not in service lets nobody in, whoever is certified (reason machine_not_in_service)."""
    result = certification_check(member=member, machine=machine)
    reasons = [{"code": r.code, "message": r.message} for r in result.reasons]
    in_service = machine.status == MachineStatus.IN_SERVICE
    if not in_service:
        message = _("This machine is not available: %(status)s.") % {
            "status": str(machine.get_status_display()).lower()
        }
        if machine.status_reason:
            message = f"{message} {machine.status_reason}"
        reasons.append({"code": "machine_not_in_service", "message": message})
    cert = result.certification
    return {
        "allowed": result.allowed and in_service,
        "certified": result.allowed,
        "reasons": reasons,
        "certification": {
            "id": cert.pk,
            "training": _training_ref(cert.training),
            "granted_at": cert.granted_at,
            "expires_at": cert.expires_at,
        }
        if cert
        else None,
        "trainings": [_training_ref(t) for t in result.trainings],
        "member": _person(member),
        "machine": _machine_ref(machine),
        "machine_status": machine.status,
    }


def _member_for(viewer, member_id: int) -> User:
    """A member the viewer may see the certifications of: themself, or (staff) a member of
    their lab. Anyone else is "not found", so ids of other labs leak nothing."""
    member = get_object_or_404(User.objects.select_related("lab"), pk=member_id)
    if not can_view_member(viewer, member):
        if is_staff(viewer) or member.lab_id != viewer.lab_id:
            raise Http404
        raise Forbidden(
            _("Only the member and the lab's staff can see these certifications."),
            code="staff_only",
        )
    return member


@router.get(
    "/trainings",
    response={200: TrainingPage, **PUBLIC_ERRORS},
    auth=PUBLIC,
    openapi_extra=OPTIONAL_AUTH,
    summary="List trainings",
    description="The lab's offered trainings; no authentication needed.",
)
def list_trainings(request, filters: Query[TrainingFilters]):
    trainings = training_list(lab=_lab(request))
    page = trainings[filters.offset : filters.offset + filters.limit]
    return {"count": trainings.count(), "items": [_training_payload(t) for t in page]}


@router.get(
    "/trainings/{int:training_id}",
    response={200: TrainingDetailOut, 404: ErrorOut, **PUBLIC_ERRORS},
    auth=PUBLIC,
    openapi_extra=OPTIONAL_AUTH,
    summary="One training",
    description="A training with its next sessions; no authentication needed.",
)
def get_training(request, training_id: int):
    lab = _lab(request)
    training = get_object_or_404(training_list(lab=lab), pk=training_id)
    sessions = _sessions(lab=lab, viewer=request.auth, training_id=training.pk)
    data = _training_payload(training)
    data["next_sessions"] = [_session_payload(s) for s in sessions[:NEXT_SESSIONS]]
    return data


@router.get(
    "/training-sessions",
    response={200: TrainingSessionPage, **PUBLIC_ERRORS},
    auth=PUBLIC,
    openapi_extra=OPTIONAL_AUTH,
    summary="List upcoming sessions",
    description="Scheduled sessions that have not started, soonest first; no authentication "
    "needed. `from` and `to` are days in the lab's time zone.",
)
def list_sessions(request, filters: Query[TrainingSessionFilters]):
    lab = _lab(request)
    if filters.from_ and filters.to and filters.to < filters.from_:
        raise Invalid(_("The last day comes before the first one."), code="bad_dates", field="to")
    sessions = _sessions(
        lab=lab,
        viewer=request.auth,
        training_id=filters.training,
        first_day=filters.from_,
        last_day=filters.to,
    )
    page = sessions[filters.offset : filters.offset + filters.limit]
    return {"count": sessions.count(), "items": [_session_payload(s) for s in page]}


@router.get(
    "/training-sessions/{int:session_id}",
    response={200: TrainingSessionOut, 404: ErrorOut, **PUBLIC_ERRORS},
    auth=PUBLIC,
    openapi_extra=OPTIONAL_AUTH,
    summary="One upcoming session",
    description="A scheduled session that has not started; no authentication needed.",
)
def get_session(request, session_id: int):
    sessions = _sessions(lab=_lab(request), viewer=request.auth)
    return _session_payload(get_object_or_404(sessions, pk=session_id))


def _session_of_lab(user, session_id: int) -> TrainingSession:
    return get_object_or_404(
        TrainingSession.objects.select_related("training__lab"),
        pk=session_id,
        training__lab_id=user.lab_id,
    )


def _enrolment_payload(enrolment: Enrolment) -> dict:
    return {
        "id": enrolment.pk,
        "session": enrolment.session_id,
        "status": enrolment.status,
        "waitlist_position": waitlist_position(enrolment),
        "price": None if enrolment.price is None else str(enrolment.price),
        "created_at": enrolment.created_at,
        "cancelled_at": enrolment.cancelled_at,
    }


@router.post(
    "/training-sessions/{int:session_id}/enrolment",
    response={201: TrainingEnrolmentOut, **BODY_ERRORS},
    summary="Enrol in a session",
    description="The caller takes a seat, or a place on the waitlist when the session is "
    "full (`status` says which). 409 `already_enrolled`; 422 `prerequisite_missing`, "
    "`session_past`, `session_cancelled`; 403 when the account is not active.",
)
def enrol(request, session_id: int):
    member = request.auth
    session = _session_of_lab(member, session_id)
    enrolment = enrolment_create(actor=member, session=session, member=member)
    return Status(201, _enrolment_payload(enrolment))


@router.delete(
    "/training-sessions/{int:session_id}/enrolment",
    response={200: TrainingEnrolmentOut, **BODY_ERRORS},
    summary="Cancel my enrolment",
    description="Give up the caller's seat (until the training's cancellation deadline) or "
    "place on the waitlist (until the start); a freed seat goes to the first on the "
    "waitlist. 404 `not_enrolled`; 422 `deadline_passed`, `session_past`.",
)
def cancel_enrolment(request, session_id: int):
    member = request.auth
    session = _session_of_lab(member, session_id)
    enrolment = (
        session.enrolments.exclude(status=Enrolment.Status.CANCELLED).filter(member=member).first()
    )
    if enrolment is None:
        raise NotFound(_("You are not enrolled in this session."), code="not_enrolled")
    return _enrolment_payload(enrolment_cancel(actor=member, enrolment=enrolment))


@router.get(
    "/members/{int:member_id}/certifications",
    response={200: CertificationList, **ERRORS},
    summary="A member's certifications",
    description="The member's current certification for each training they were ever "
    "certified for, newest first. The member themself, or the lab's staff.",
)
def list_certifications(request, member_id: int):
    member = _member_for(request.auth, member_id)
    items = [_certification_payload(c) for c in _current_certifications(member)]
    return {"count": len(items), "items": items}


@router.post(
    "/members/{int:member_id}/certifications",
    response={201: CertificationOut, **BODY_ERRORS},
    summary="Grant a certification",
    description="Staff only. Certify a member directly (e.g. trained elsewhere), with a "
    "reason. 409 `already_certified` if they hold it now.",
)
def grant_certification(request, member_id: int, payload: CertificationGrantIn):
    staff = request.auth
    if not is_staff(staff):
        raise Forbidden(_("Only the lab's staff can do this."), code="staff_only")
    member = _member_for(staff, member_id)
    training = Training.objects.filter(lab=staff.lab, pk=payload.training).first()
    if training is None:
        raise Invalid(
            _("There is no training with this number in this lab."),
            code="bad_training",
            field="training",
        )
    cert = certification_grant(
        actor=staff,
        member=member,
        training=training,
        source=Certification.Source.STAFF,
        reason=payload.reason,
        granted_at=payload.granted_at,
    )
    return Status(201, _certification_payload(cert))


@router.post(
    "/certifications/{int:certification_id}/revoke",
    response={200: CertificationOut, **BODY_ERRORS},
    summary="Withdraw a certification",
    description="Staff only, with a reason. The member may no longer use the machines it "
    "unlocked, from now on. 409 `already_revoked`.",
)
def revoke_certification(request, certification_id: int, payload: CertificationRevokeIn):
    staff = request.auth
    cert = get_object_or_404(
        Certification.objects.select_related("training__lab", "member"),
        pk=certification_id,
        training__lab_id=staff.lab_id,
    )
    cert = certification_revoke(actor=staff, certification=cert, reason=payload.reason)
    return _certification_payload(cert)


@router.get(
    "/machines/{int:machine_id}/access-check",
    response={200: CertificationAccessOut, **ERRORS},
    summary="May this member use this machine now?",
    description="The one certification check, plus the machine's status: `allowed` is true "
    "only when the member is certified (or the machine needs no training) and the machine "
    "is in service. `member` defaults to the caller. Staff (or an access device's token of a "
    "staff account) ask about any member of the lab; a member only about themself.",
)
def machine_access_check(request, machine_id: int, member: int | None = None):
    viewer = request.auth
    machine = machine_get(lab=viewer.lab, machine_id=machine_id)
    if member is not None and member != viewer.pk and not is_staff(viewer):
        raise Forbidden(
            _("Only the lab's staff can check another member's access."), code="staff_only"
        )
    person = viewer if member is None else _member_for(viewer, member)
    return _access_payload(member=person, machine=machine)
