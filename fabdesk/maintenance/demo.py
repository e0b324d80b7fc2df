"""The demo lab's preventive maintenance: plans on the laser cutter, the CNC router, the 3D
printers and the embroidery machine, some due soon, one overdue by the calendar and one by
the hours of use. Registered with fabdesk.core.demo (order 40, after the workshop's machines
of order 20); goes through the maintenance and equipment services. Machines are found by
their demo slug, else by their category's kind; a plan whose machine is missing is skipped."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from fabdesk.core.demo import DemoRun, register_demo_step
from fabdesk.equipment.models import Machine, MachineCategory, MachineStatus, UsageEntry
from fabdesk.equipment.services import machine_add_usage

from .models import MaintenancePlan
from .services import maintenance_check, maintenance_log, plan_create

Kind = MachineCategory.Kind


@dataclass(frozen=True)
class DemoPlan:
    slug: str
    kind: str
    title: str
    instructions: str
    every_hours: int | None = None
    every_days: int | None = None
    put_in_maintenance: bool = False
    days_ago: int = 0  # when it was last done
    hours_since: str = "0"  # hours of use counted since it was last done
    log_notes: str = ""  # logged (today) when the plan is created


LENS = """1. Éteindre la laser et attendre **5 minutes** (tube et lentille froids).
2. Démonter le porte-lentille ; nettoyer la lentille au coton-tige et à la solution
   dédiée, **sans frotter**.
3. Nettoyer les trois miroirs de la même façon.
4. Vérifier l'alignement avec un tir sur ruban de masquage."""

PLANS = [
    DemoPlan("trotec-speedy-300", Kind.LASER_CUTTER,
             "Nettoyer la lentille et les miroirs du laser", LENS, every_hours=20,
             hours_since="18.50", log_notes="Lentille propre, miroir n°2 légèrement terni."),
    DemoPlan("trotec-speedy-300", Kind.LASER_CUTTER,
             "Vider le bac de récupération et nettoyer la grille",
             "Aspirer les chutes, brosser la grille nid d'abeille, vider le bac.",
             every_days=7, days_ago=2),
    DemoPlan("cnc-high-z-s1000", Kind.CNC_ROUTER,
             "Lubrifier les rails et les vis à billes de la CNC",
             "- Dépoussiérer les rails (aspirateur, pas de soufflette).\n"
             "- Graisse au lithium sur les **vis à billes** des trois axes.\n"
             "- Huile légère sur les rails linéaires, puis quelques allers-retours à vide.",
             every_days=30, days_ago=34),
    DemoPlan("prusa-mk4-1", Kind.FDM_PRINTER,
             "Calibrer le plateau de l'imprimante et vérifier la buse",
             "Lancer l'assistant de calibration, imprimer le test de première couche, "
             "nettoyer le plateau PEI à l'alcool isopropylique.",
             every_hours=50, hours_since="46"),
    DemoPlan("bambu-x1-carbon", Kind.FDM_PRINTER,
             "Graisser les tiges et nettoyer la buse",
             "Graisse fournie avec l'imprimante sur les tiges X et Y ; nettoyage à froid de "
             "la buse.", every_hours=100, every_days=90, put_in_maintenance=True,
             days_ago=20, hours_since="12"),
    DemoPlan("formlabs-form-3", Kind.RESIN_PRINTER, "Nettoyer la vitre optique",
             "Chiffon non pelucheux et alcool isopropylique ; **gants nitrile**.",
             every_days=14, days_ago=3),
    DemoPlan("brother-pr680w", Kind.EMBROIDERY, "Huiler le crochet de la brodeuse",
             "Une goutte d'huile pour machine à coudre dans le crochet, puis 2 minutes à "
             "vide sur une chute de tissu.", every_hours=40, hours_since="41.5"),
]  # fmt: skip


def _machine(run: DemoRun, spec: DemoPlan) -> Machine | None:
    machines = Machine.objects.filter(lab=run.lab).exclude(status=MachineStatus.RETIRED)
    return (
        machines.filter(slug=spec.slug).first()
        or machines.filter(category__kind=spec.kind).order_by("position", "pk").first()
    )


def _plan(run: DemoRun, spec: DemoPlan, machine: Machine, actor) -> None:
    now = timezone.now()
    plan = plan_create(
        actor=actor,
        machine=machine,
        title=spec.title,
        instructions=spec.instructions,
        every_hours=spec.every_hours,
        every_days=spec.every_days,
        put_in_maintenance=spec.put_in_maintenance,
        last_done_at=now - timedelta(days=spec.days_ago) if spec.days_ago else None,
        last_done_hours=machine.usage_hours,
    )
    if spec.log_notes:
        maintenance_log(actor=actor, machine=machine, plan=plan, notes=spec.log_notes, minutes=25)
    hours = Decimal(spec.hours_since)
    if hours:
        machine_add_usage(
            machine=machine,
            hours=hours,
            kind=UsageEntry.Kind.BOOKING,
            reason="Réservations depuis le dernier entretien.",
        )


def demo_maintenance(run: DemoRun) -> None:
    actor = run.people.get("fab_manager")
    if actor is None:
        return
    for spec in PLANS:
        machine = _machine(run, spec)
        if machine is None:
            continue
        if MaintenancePlan.objects.filter(machine=machine, title=spec.title).exists():
            continue
        _plan(run, spec, machine, actor)
    # Staff get their "maintenance overdue" notices as the hourly check would send them.
    maintenance_check(lab=run.lab)


register_demo_step(40, demo_maintenance)
