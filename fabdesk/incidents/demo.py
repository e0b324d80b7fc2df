"""The demo lab's incidents: a few problem reports in every state of the repair workflow,
one of them blocking a machine that is out of order, with comments, parts and time.
Registered with fabdesk.core.demo at order 30, after the workshop (order 20) whose machines
it finds by slug; a machine that is missing is skipped. Goes through the incidents
services, so notifications, the audit log and the machines' timelines are filled too."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from fabdesk.core.demo import DemoRun, register_demo_step
from fabdesk.equipment.models import Machine
from fabdesk.members.models import User

from .models import Incident, IncidentEvent
from .services import (
    incident_acknowledge,
    incident_close,
    incident_comment_add,
    incident_part_add,
    incident_report,
    incident_resolve,
    incident_start_repair,
    incident_work_add,
)

# machine slug, reporter key, description, unusable, days ago, steps to take
INCIDENTS = [
    ("prusa-mk4-2", "member",
     "La buse est bouchée : le filament ne sort plus du tout et l'extrudeur claque.\n"
     "J'ai arrêté l'impression au bout de dix minutes.", True, 3,
     ["acknowledge", "repair"]),
    ("trotec-speedy-300", "other",
     "L'extraction fait un bruit inhabituel (sifflement aigu) pendant les découpes.", False, 1,
     []),
    ("bambu-x1-carbon", "member",
     "L'AMS ne charge plus le filament du slot 3, message « AMS filament load failed ».",
     False, 2, ["acknowledge"]),
    ("station-soudage-1", "other",
     "Le fer à souder ne chauffe plus au-delà de 150 °C.", False, 12,
     ["acknowledge", "repair", "resolve"]),
    ("roland-gs-24", "member",
     "La lame ne coupe plus le vinyle, elle le raye seulement.", False, 20, ["close"]),
]  # fmt: skip


def _reporter(run: DemoRun, key: str):
    if key in run.people:
        return run.people[key]
    return (
        User.objects.filter(lab=run.lab, status=User.Status.ACTIVE, groups__name="member")
        .exclude(pk=getattr(run.people.get("member"), "pk", None))
        .order_by("pk")
        .first()
    )


def _age(incident: Incident, days: int) -> None:
    """Place the report `days` ago and its steps a few hours apart after it."""
    start = timezone.now() - timedelta(days=days)
    events = list(incident.events.order_by("created_at", "id"))
    for index, event in enumerate(events):
        IncidentEvent.objects.filter(pk=event.pk).update(
            created_at=start + timedelta(hours=5 * index)
        )
    stamps = {"reported_at": start}
    for field, index in (("acknowledged_at", 1), ("repair_started_at", 2)):
        if getattr(incident, field) and len(events) > index:
            stamps[field] = start + timedelta(hours=5 * index)
    for field in ("resolved_at", "closed_at"):
        if getattr(incident, field):
            stamps[field] = start + timedelta(hours=5 * (len(events) - 1))
    Incident.objects.filter(pk=incident.pk).update(**stamps)


def _steps(incident: Incident, steps: list[str], staff) -> None:
    for step in steps:
        if step == "acknowledge":
            incident = incident_acknowledge(
                actor=staff, incident=incident, note="Merci, on regarde ça aujourd'hui."
            )
        elif step == "repair":
            incident = incident_start_repair(actor=staff, incident=incident)
            incident_comment_add(
                author=staff,
                incident=incident,
                body="Buse de rechange commandée, la machine reste hors service d'ici là.",
            )
            incident_comment_add(
                author=staff,
                incident=incident,
                body="Vérifier aussi le ventilateur de la tête, il tourne mal.",
                internal=True,
            )
            incident_part_add(
                actor=staff,
                incident=incident,
                name="Buse laiton 0,6 mm",
                quantity=Decimal("1"),
                unit_cost=Decimal("18.90"),
            )
            incident_work_add(actor=staff, incident=incident, minutes=45, note="Démontage")
        elif step == "resolve":
            incident_part_add(
                actor=staff,
                incident=incident,
                name="Résistance chauffante 60 W",
                quantity=Decimal("1"),
                unit_cost=Decimal("12.50"),
            )
            incident_work_add(actor=staff, incident=incident, minutes=30)
            incident = incident_resolve(
                actor=staff,
                incident=incident,
                resolution="Résistance chauffante remplacée, le fer monte à 350 °C.",
            )
        elif step == "close":
            incident = incident_close(
                actor=staff,
                incident=incident,
                reason="Lame mal réglée (trop peu sortie) : réglage expliqué au membre.",
            )


def demo_incidents(run: DemoRun) -> None:
    staff = run.people.get("fab_manager")
    if staff is None:
        return
    machines = {m.slug: m for m in Machine.objects.filter(lab=run.lab)}
    for slug, who, description, unusable, days, steps in INCIDENTS:
        machine = machines.get(slug)
        reporter = _reporter(run, who)
        if machine is None or reporter is None:
            continue
        if Incident.objects.filter(machine=machine, description=description).exists():
            continue
        incident = incident_report(
            reporter=reporter, machine=machine, description=description, unusable=unusable
        )
        _steps(incident, steps, staff)
        incident.refresh_from_db()
        _age(incident, days)


register_demo_step(30, demo_incidents)
