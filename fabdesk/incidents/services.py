"""Rules about incidents: who reports, how a ticket moves (reported → acknowledged → in repair
→ resolved, or closed without action), what a machine's status becomes, who is told."""

from decimal import Decimal, InvalidOperation

from django.core.files.base import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from fabdesk.core.errors import Forbidden, Invalid, NotFound
from fabdesk.core.services import audit_record
from fabdesk.equipment.models import Machine, MachineStatus
from fabdesk.equipment.services import machine_set_status
from fabdesk.members.models import User
from fabdesk.members.roles import Role
from fabdesk.notifications.services import notify

from .models import (
    OPEN_STATUSES,
    Incident,
    IncidentComment,
    IncidentEvent,
    IncidentPart,
    IncidentStatus,
    IncidentWork,
)
from .permissions import can_handle_incidents, can_view_incident

MAX_DESCRIPTION = 5000
MAX_COMMENT = 5000


# --- helpers -------------------------------------------------------------------------------


def _staff_of(lab_id: int):
    return (
        User.objects.filter(lab_id=lab_id, is_active=True, status=User.Status.ACTIVE)
        .filter(Q(groups__name__in=[Role.STAFF.value, Role.ADMIN.value]) | Q(is_superuser=True))
        .distinct()
        .order_by("pk")
    )


def _require_staff(actor, incident: Incident) -> None:
    if not can_handle_incidents(actor, incident.lab_id):
        raise Forbidden(_("Only the lab's staff can handle repair tickets."), code="staff_only")


def _require_active(person) -> None:
    if not getattr(person, "is_authenticated", False) or not person.is_active:
        raise Forbidden(_("Log in to report a problem."), code="login_required")
    if person.status == User.Status.SUSPENDED:
        raise Forbidden(
            _(
                "Your account is suspended: you cannot report a problem. "
                "Please tell the lab's staff."
            ),
            code="account_suspended",
        )


def _url(incident: Incident) -> str:
    return f"/incidents/{incident.pk}/"


def other_blocking_incidents(incident: Incident):
    """The other open tickets that say the same machine is unusable."""
    return Incident.objects.filter(
        machine_id=incident.machine_id, unusable=True, status__in=OPEN_STATUSES
    ).exclude(pk=incident.pk)


def can_offer_back_in_service(incident: Incident) -> bool:
    """Finishing this ticket may put its machine back in service: the machine is out of order
    and no other open ticket says it is unusable."""
    return (
        incident.unusable
        and incident.machine.status == MachineStatus.OUT_OF_ORDER
        and not other_blocking_incidents(incident).exists()
    )


def _record_step(incident: Incident, *, actor, old: str, note: str = "") -> IncidentEvent:
    return IncidentEvent.objects.create(
        incident=incident,
        from_status=old,
        to_status=incident.status,
        note=note,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=timezone.now(),
    )


def _tell_reporter(incident: Incident, *, actor, note: str = "") -> None:
    reporter = incident.reporter
    if reporter is None or reporter.pk == getattr(actor, "pk", None) or not reporter.is_active:
        return
    notify(
        recipient=reporter,
        kind="incidents.progress",
        context={"incident": incident, "machine": incident.machine, "note": note},
        url=_url(incident),
    )


# --- reporting -----------------------------------------------------------------------------


@transaction.atomic
def incident_report(
    *,
    reporter,
    machine: Machine,
    description: str,
    photo: File | None = None,
    unusable: bool = False,
) -> Incident:
    """A person of the lab reports a problem on a machine. Marked unusable, a machine in
    service goes out of order at once; the lab's staff are told."""
    _require_active(reporter)
    if machine.lab_id != reporter.lab_id:
        raise NotFound(_("This machine does not exist."), code="machine_not_found")
    machine = Machine.objects.select_for_update().get(pk=machine.pk)  # its status as it is now
    if machine.status == MachineStatus.RETIRED:
        raise Invalid(
            _("This machine is retired: problems can no longer be reported on it."),
            code="machine_retired",
        )
    description = (description or "").strip()
    if not description:
        raise Invalid(
            _("Describe what happened."), code="description_required", field="description"
        )
    if len(description) > MAX_DESCRIPTION:
        raise Invalid(
            _("Keep the description under %(max)s characters.") % {"max": MAX_DESCRIPTION},
            code="description_too_long",
            field="description",
        )
    incident = Incident(
        lab_id=machine.lab_id,
        machine=machine,
        reporter=reporter,
        description=description,
        unusable=bool(unusable),
    )
    if photo:
        incident.photo.save(photo.name, photo, save=False)
    incident.save()
    _record_step(incident, actor=reporter, old="")
    audit_record(
        actor=reporter,
        target=incident,
        action="incident.reported",
        changes={"unusable": incident.unusable},
    )
    if incident.unusable and machine.status == MachineStatus.IN_SERVICE:
        reason = _("Problem reported (#%(number)s): %(text)s") % {
            "number": incident.pk,
            "text": Truncator(" ".join(description.split())).chars(200),
        }
        incident.machine = machine_set_status(
            actor=reporter,
            machine=machine,
            status=MachineStatus.OUT_OF_ORDER,
            reason=reason[:300],
            system=True,
        )
    for person in _staff_of(machine.lab_id):
        if person.pk == reporter.pk:
            continue
        notify(
            recipient=person,
            kind="incidents.reported",
            context={"incident": incident, "machine": incident.machine, "reporter": reporter},
            url=_url(incident),
        )
    return incident


# --- the workflow --------------------------------------------------------------------------

# Which statuses each step starts from. Resolving or closing works from any open status.
ALLOWED_FROM = {
    IncidentStatus.ACKNOWLEDGED: (IncidentStatus.REPORTED,),
    IncidentStatus.IN_REPAIR: (IncidentStatus.REPORTED, IncidentStatus.ACKNOWLEDGED),
    IncidentStatus.RESOLVED: OPEN_STATUSES,
    IncidentStatus.CLOSED: OPEN_STATUSES,
}


def _locked(incident: Incident) -> Incident:
    """The ticket, locked until the transaction ends: two staff moving it at once are served
    one after the other, and the second sees the first one's step."""
    return (
        Incident.objects.select_for_update(of=("self",))
        .select_related("machine", "reporter")
        .get(pk=incident.pk)
    )


def _move(*, actor, incident: Incident, to: str, note: str = "") -> tuple[Incident, str]:
    _require_staff(actor, incident)
    incident = _locked(incident)
    old = incident.status
    if old not in ALLOWED_FROM[to]:
        raise Invalid(
            _("This ticket is “%(current)s”: it cannot become “%(target)s”.")
            % {
                "current": IncidentStatus(old).label,
                "target": IncidentStatus(to).label,
            },
            code="invalid_transition",
            field="status",
        )
    now = timezone.now()
    incident.status = to
    if incident.handled_by_id is None:
        incident.handled_by = actor
    if to in (IncidentStatus.ACKNOWLEDGED, IncidentStatus.IN_REPAIR):
        incident.acknowledged_at = incident.acknowledged_at or now
    if to == IncidentStatus.IN_REPAIR:
        incident.repair_started_at = now
    if to == IncidentStatus.RESOLVED:
        incident.resolved_at = now
    if to == IncidentStatus.CLOSED:
        incident.closed_at = now
    return incident, old


def _finish(*, actor, incident: Incident, old: str, note: str) -> Incident:
    incident.save()
    _record_step(incident, actor=actor, old=old, note=note)
    audit_record(
        actor=actor,
        target=incident,
        action=f"incident.{incident.status}",
        changes={"status": [old, incident.status]},
        reason=note,
    )
    _tell_reporter(incident, actor=actor, note=note)
    return incident


@transaction.atomic
def incident_acknowledge(*, actor, incident: Incident, note: str = "") -> Incident:
    """Staff have seen the report and take it in hand."""
    incident, old = _move(actor=actor, incident=incident, to=IncidentStatus.ACKNOWLEDGED)
    return _finish(actor=actor, incident=incident, old=old, note=note.strip())


@transaction.atomic
def incident_start_repair(*, actor, incident: Incident, note: str = "") -> Incident:
    """The repair begins (acknowledging the report on the way if nobody did)."""
    incident, old = _move(actor=actor, incident=incident, to=IncidentStatus.IN_REPAIR)
    return _finish(actor=actor, incident=incident, old=old, note=note.strip())


def _back_in_service(*, actor, incident: Incident, reason: str) -> None:
    # Locked first, as incident_report does: a report arriving meanwhile waits, then counts.
    machine = Machine.objects.select_for_update().get(pk=incident.machine_id)
    if machine.status != MachineStatus.OUT_OF_ORDER:
        raise Invalid(
            _(
                "The machine is not out of order (it is “%(status)s”): "
                "change its status from its page."
            )
            % {"status": machine.get_status_display()},
            code="machine_not_out_of_order",
            field="back_in_service",
        )
    others = list(other_blocking_incidents(incident).order_by("pk"))
    if others:
        raise Invalid(
            _(
                "The machine stays out of order: other open tickets say it is unusable "
                "(%(tickets)s). Finish them first."
            )
            % {"tickets": ", ".join(f"#{other.pk}" for other in others)},
            code="other_blocking_incidents",
            field="back_in_service",
        )
    incident.machine = machine_set_status(
        actor=actor, machine=machine, status=MachineStatus.IN_SERVICE, reason=reason
    )


@transaction.atomic
def incident_resolve(
    *, actor, incident: Incident, resolution: str, back_in_service: bool = False
) -> Incident:
    """The problem is fixed. Resolving the machine's last blocking ticket may put it back in
    service (back_in_service=True)."""
    resolution = (resolution or "").strip()
    incident, old = _move(actor=actor, incident=incident, to=IncidentStatus.RESOLVED)
    if not resolution:
        raise Invalid(
            _("Say what was done to fix the problem."),
            code="resolution_required",
            field="resolution",
        )
    incident.resolution = resolution
    if back_in_service:
        _back_in_service(
            actor=actor,
            incident=incident,
            reason=_("Repaired (#%(number)s)") % {"number": incident.pk},
        )
    return _finish(actor=actor, incident=incident, old=old, note=resolution)


@transaction.atomic
def incident_close(
    *, actor, incident: Incident, reason: str, back_in_service: bool = False
) -> Incident:
    """Close a ticket without a repair (a duplicate, a misuse, nothing wrong), with a reason."""
    reason = (reason or "").strip()
    incident, old = _move(actor=actor, incident=incident, to=IncidentStatus.CLOSED)
    if not reason:
        raise Invalid(
            _("Say why the ticket is closed without action."),
            code="reason_required",
            field="reason",
        )
    incident.close_reason = reason[:300]
    if back_in_service:
        _back_in_service(
            actor=actor,
            incident=incident,
            reason=_("Ticket #%(number)s closed") % {"number": incident.pk},
        )
    return _finish(actor=actor, incident=incident, old=old, note=incident.close_reason)


def incident_transition(
    *,
    actor,
    incident: Incident,
    status: str,
    note: str = "",
    back_in_service: bool = False,
) -> Incident:
    """Move a ticket to `status`; `note` is the resolution when resolving, the reason when
    closing. The one entry point of the page's actions and the API."""
    if status == IncidentStatus.ACKNOWLEDGED:
        return incident_acknowledge(actor=actor, incident=incident, note=note)
    if status == IncidentStatus.IN_REPAIR:
        return incident_start_repair(actor=actor, incident=incident, note=note)
    if status == IncidentStatus.RESOLVED:
        return incident_resolve(
            actor=actor, incident=incident, resolution=note, back_in_service=back_in_service
        )
    if status == IncidentStatus.CLOSED:
        return incident_close(
            actor=actor, incident=incident, reason=note, back_in_service=back_in_service
        )
    _require_staff(actor, incident)
    raise Invalid(
        _("A ticket can be acknowledged, put in repair, resolved or closed."),
        code="invalid_transition",
        field="status",
    )


# --- comments, parts, time -----------------------------------------------------------------


@transaction.atomic
def incident_comment_add(
    *, author, incident: Incident, body: str, internal: bool = False
) -> IncidentComment:
    """The reporter or staff write on the ticket; staff may keep a comment internal."""
    if not can_view_incident(author, incident):
        raise NotFound()
    staff = can_handle_incidents(author, incident.lab_id)
    if internal and not staff:
        raise Forbidden(_("Only staff can write internal comments."), code="staff_only")
    body = (body or "").strip()
    if not body:
        raise Invalid(_("Write a comment."), code="comment_required", field="body")
    if len(body) > MAX_COMMENT:
        raise Invalid(
            _("Keep the comment under %(max)s characters.") % {"max": MAX_COMMENT},
            code="comment_too_long",
            field="body",
        )
    comment = IncidentComment.objects.create(
        incident=incident, author=author, body=body, internal=internal and staff
    )
    context = {"incident": incident, "machine": incident.machine, "comment": comment}
    if staff and not comment.internal:
        reporter = incident.reporter
        if reporter is not None and reporter.pk != author.pk and reporter.is_active:
            notify(
                recipient=reporter, kind="incidents.commented", context=context, url=_url(incident)
            )
    elif not staff:
        handler = incident.handled_by
        recipients = [handler] if handler is not None else list(_staff_of(incident.lab_id))
        for person in recipients:
            notify(
                recipient=person, kind="incidents.commented", context=context, url=_url(incident)
            )
    return comment


def _decimal(value, *, field: str, message: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise Invalid(message, code="bad_number", field=field) from None
    if not number.is_finite():
        raise Invalid(message, code="bad_number", field=field)
    return number


@transaction.atomic
def incident_part_add(
    *, actor, incident: Incident, name: str, quantity: Decimal, unit_cost: Decimal
) -> IncidentPart:
    """Staff note a part or consumable used for the repair, and what it cost."""
    _require_staff(actor, incident)
    name = (name or "").strip()
    if not name:
        raise Invalid(_("Name the part."), code="part_required", field="name")
    quantity = _decimal(quantity, field="quantity", message=_("Enter a quantity."))
    unit_cost = _decimal(unit_cost, field="unit_cost", message=_("Enter a cost."))
    if quantity <= 0:
        raise Invalid(_("The quantity must be positive."), code="bad_quantity", field="quantity")
    if unit_cost < 0:
        raise Invalid(_("A cost cannot be negative."), code="bad_cost", field="unit_cost")
    if quantity >= Decimal("1e8") or unit_cost >= Decimal("1e8"):
        raise Invalid(_("This number is too large."), code="too_large", field="quantity")
    part = IncidentPart.objects.create(
        incident=incident,
        name=name[:200],
        quantity=quantity.quantize(Decimal("0.01")),
        unit_cost=unit_cost.quantize(Decimal("0.01")),
        added_by=actor,
    )
    audit_record(
        actor=actor,
        target=incident,
        action="incident.part_added",
        changes={"part": part.name, "quantity": str(part.quantity), "cost": str(part.unit_cost)},
    )
    return part


@transaction.atomic
def incident_part_remove(*, actor, incident: Incident, part_id: int) -> None:
    _require_staff(actor, incident)
    part = IncidentPart.objects.filter(pk=part_id, incident=incident).first()
    if part is None:
        raise NotFound(_("This part is not on the ticket."), code="part_not_found")
    audit_record(
        actor=actor, target=incident, action="incident.part_removed", changes={"part": part.name}
    )
    part.delete()


@transaction.atomic
def incident_work_add(*, actor, incident: Incident, minutes: int, note: str = "") -> IncidentWork:
    """Staff count the time they spent on the ticket."""
    _require_staff(actor, incident)
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        raise Invalid(
            _("Enter a number of minutes."), code="bad_minutes", field="minutes"
        ) from None
    if minutes <= 0 or minutes > 100_000:
        raise Invalid(
            _("Enter a number of minutes between 1 and 100000."),
            code="bad_minutes",
            field="minutes",
        )
    work = IncidentWork.objects.create(
        incident=incident, minutes=minutes, note=(note or "").strip()[:300], done_by=actor
    )
    audit_record(
        actor=actor, target=incident, action="incident.time_added", changes={"minutes": minutes}
    )
    return work


@transaction.atomic
def incident_work_remove(*, actor, incident: Incident, work_id: int) -> None:
    _require_staff(actor, incident)
    work = IncidentWork.objects.filter(pk=work_id, incident=incident).first()
    if work is None:
        raise NotFound(_("This time entry is not on the ticket."), code="work_not_found")
    audit_record(
        actor=actor,
        target=incident,
        action="incident.time_removed",
        changes={"minutes": work.minutes},
    )
    work.delete()
