"""The demo lab's trainings: one per kind of machine that needs one ("Sécurité atelier" first,
the prerequisite of the laser and the CNC), prices per member group, volunteer trainers, past
sessions with their attendance taken, upcoming ones (one full with a waitlist, one with too
few people that may be cancelled), and members holding valid, expiring, expired, lapsed and
withdrawn certifications. The demo member (membre@fablab-demo.test) passed the 3D printing
session and holds an expired laser certification.

Registered with fabdesk.core.demo at order 50, after the people (10) and the workshop (20),
whose machines it finds by slug (DEMO_MACHINE_SLUGS) and categories by kind. Goes through the
training services, so notifications, the audit log and the certifications' dates read like a
lab that has been running. A training that exists already is left alone with its sessions
and certifications: running the demo twice adds nothing."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from fabdesk.core.demo import DemoRun, register_demo_step
from fabdesk.core.timeutils import at_wall_clock
from fabdesk.equipment.demo import DEMO_MACHINE_SLUGS
from fabdesk.equipment.models import Machine, MachineCategory, Space
from fabdesk.members.models import MemberGroup, User

from .attendance_services import attendance_record
from .certification_services import (
    certification_grant,
    certification_record_use,
    certification_revoke,
)
from .enrolment_services import enrolment_create
from .models import Certification, Enrolment, Training, TrainingSession
from .services import training_create, training_update
from .session_services import session_create
from .validity import add_months

Kind = MachineCategory.Kind
IMPORTED = "Reprise du tableur des habilitations tenu avant Fabdesk."


@dataclass(frozen=True)
class TrainingSpec:
    slug: str
    title: str
    description: str
    kinds: tuple = ()  # categories it unlocks, by kind
    machines: tuple = ()  # machines it unlocks, by slug
    prerequisites: tuple = ()
    validity_months: int | None = None
    lapse_months: int | None = None
    duration_minutes: int = 120
    participants: tuple = (1, 6)  # at least, at most
    prices: dict = field(default_factory=dict)  # member group slug: amount


def _prices(adult: str, reduced: str, company: str, association: str) -> dict:
    return {"adulte": adult, "tarif-reduit": reduced, "entreprise": company,
            "association": association}  # fmt: skip


TRAININGS = [
    TrainingSpec(
        "securite-atelier", "Sécurité atelier",
        "Les règles de l'atelier pour tous : **équipements de protection**, rangement, "
        "extincteurs et arrêts d'urgence, que faire en cas d'accident.\n\n"
        "Obligatoire avant la découpe laser et la fraiseuse numérique.",
        kinds=(Kind.HAND_TOOLS,), duration_minutes=90, participants=(2, 10),
        prices=_prices("0", "0", "0", "0"),
    ),
    TrainingSpec(
        "impression-3d-fdm", "Impression 3D FDM",
        "Du fichier à la pièce : préparer un modèle dans **PrusaSlicer**, choisir le filament "
        "(PLA, PETG), lancer et surveiller une impression, retirer la pièce sans abîmer le "
        "plateau.\n\nApportez une clé USB et, si vous en avez un, un modèle à imprimer.",
        kinds=(Kind.FDM_PRINTER,), participants=(2, 6),
        prices=_prices("20", "10", "40", "15"),
    ),
    TrainingSpec(
        "decoupe-laser", "Découpe laser",
        "Découpe et gravure laser CO₂ : matériaux autorisés et **interdits** (PVC, vinyle), "
        "réglages puissance et vitesse, mise au point, extraction des fumées, surveillance "
        "de la découpe.\n\nL'habilitation tombe si vous n'utilisez pas la laser pendant un an.",
        kinds=(Kind.LASER_CUTTER,), prerequisites=("securite-atelier",),
        validity_months=24, lapse_months=12, duration_minutes=180, participants=(2, 4),
        prices=_prices("35", "20", "70", "25"),
    ),
    TrainingSpec(
        "fraiseuse-numerique", "Fraiseuse numérique",
        "Fraiseuse CNC et Shaper Origin : fixation de la pièce, choix et changement des "
        "fraises, origine machine, parcours d'outils avec **Fusion** ou **Estlcam**, "
        "aspiration.",
        kinds=(Kind.CNC_ROUTER,), prerequisites=("securite-atelier",),
        validity_months=36, duration_minutes=240, participants=(3, 4),
        prices=_prices("45", "25", "90", "30"),
    ),
    TrainingSpec(
        "impression-resine", "Impression 3D résine",
        "La Form 3 : manipulation de la résine (gants, lunettes), préparation dans "
        "PreForm, lavage et post-cuisson des pièces, gestion des déchets.",
        kinds=(Kind.RESIN_PRINTER,), validity_months=24, participants=(1, 4),
        prices=_prices("25", "15", "50", "20"),
    ),
    TrainingSpec(
        "brodeuse", "Brodeuse numérique",
        "Préparer un motif avec **Ink/Stitch**, enfiler les six aiguilles, tendre le tissu "
        "dans le cadre et lancer une broderie.",
        kinds=(Kind.EMBROIDERY,), participants=(1, 4),
        prices=_prices("15", "8", "30", "10"),
    ),
    TrainingSpec(
        "soudure-electronique", "Soudure électronique",
        "Souder et dessouder des composants traversants, régler la station, aspirer les "
        "fumées. On repart avec un petit montage à LED.",
        machines=tuple(DEMO_MACHINE_SLUGS["electronics"][:2]), participants=(2, 8),
        prices=_prices("10", "5", "20", "8"),
    ),
]  # fmt: skip

# Certifications from the spreadsheet the lab kept before Fabdesk: (training, which generated
# member, granted this many months ago, plus these days). Their state follows from the dates:
# laser certifications last 24 months and lapse after 12 without use.
IMPORTED_CERTIFICATIONS = [
    ("securite-atelier", range(0, 14), 20, 0),
    ("impression-3d-fdm", range(0, 6), 8, 0),
    ("soudure-electronique", range(3, 7), 14, 0),
    ("brodeuse", (7, 8), 5, 0),
    ("impression-resine", (9,), 10, 0),
    ("decoupe-laser", (0,), 24, 15),  # expires in about two weeks: a reminder is due
    ("decoupe-laser", (1,), 30, 0),  # expired
    ("decoupe-laser", (2,), 14, 0),  # machine unused for over a year: lapsed
    ("fraiseuse-numerique", (3, 4), 6, 0),
]
# Who used the laser lately (months, days ago): the lapse counts from the last use.
LASER_USES = [(0, 0, 20)]
REVOKED = ("fraiseuse-numerique", 4, "Pièce lancée sans fixation ni aspiration, deux fois.")
# The volunteers who lead sessions: (generated member, training).
VOLUNTEERS = [(0, "impression-3d-fdm"), (3, "soudure-electronique")]


@dataclass(frozen=True)
class SessionSpec:
    training: str
    days: int  # from today, in the lab's time zone; negative: held already
    hour: int
    trainer: str  # "fab_manager", "host", or "volunteer:<training>"
    space: str = ""
    place: str = ""
    capacity: int | None = None
    members: tuple = ()  # generated members by index; "demo" for the demo member
    outcomes: tuple = ()  # for a session held: one per member
    notes: str = ""


SESSIONS = [
    SessionSpec("securite-atelier", -45, 18, "host", space="salle-de-reunion",
                members=(14, 15, 16, 17), outcomes=("passed", "passed", "passed", "absent")),
    SessionSpec("impression-3d-fdm", -21, 18, "volunteer:impression-3d-fdm",
                space="atelier-numerique", members=("demo", 10, 11, 12),
                outcomes=("passed", "passed", "not_passed", "absent")),
    SessionSpec("decoupe-laser", -60, 14, "fab_manager", space="salle-laser",
                members=(5, 6, 13), outcomes=("passed", "passed", "not_passed")),
    SessionSpec("decoupe-laser", 10, 14, "fab_manager", space="salle-laser", capacity=3,
                members=(7, 8, 9, 10, 11),  # three seats: two on the waitlist
                notes="Chaussures fermées, cheveux attachés. Apportez un fichier SVG si vous "
                      "en avez un."),
    SessionSpec("fraiseuse-numerique", 4, 9, "fab_manager", space="atelier-bois",
                members=(14,),  # below the minimum of 3: cancelled two days before if no one
                notes="Prévoir une tenue qui ne craint pas la sciure."),
    SessionSpec("impression-3d-fdm", 14, 18, "volunteer:impression-3d-fdm",
                space="atelier-numerique", members=(15, 16)),
    SessionSpec("soudure-electronique", 21, 18, "volunteer:soudure-electronique",
                space="salle-electronique", members=(17,)),
    SessionSpec("securite-atelier", 7, 18, "host", space="salle-de-reunion", members=(18, 19)),
    SessionSpec("brodeuse", 28, 14, "host", place="Médiathèque Jean Macé, salle 2",
                members=(20, 21),
                notes="Atelier hors les murs, en partenariat avec la médiathèque."),
]  # fmt: skip


def _generated_members(run: DemoRun) -> list[User]:
    """The demo's active members in a fixed order, the demo member and staff apart."""
    demo_member = run.people.get("member")
    return list(
        User.objects.filter(lab=run.lab, status=User.Status.ACTIVE, groups__name="member")
        .exclude(pk=getattr(demo_member, "pk", None))
        .order_by("pk")
    )


def _create_trainings(run: DemoRun, actor: User) -> dict[str, Training]:
    """The trainings missing from the lab, created in order (prerequisites first)."""
    existing = set(Training.objects.filter(lab=run.lab).values_list("slug", flat=True))
    categories = {c.kind: c for c in MachineCategory.objects.filter(lab=run.lab)}
    machines = {m.slug: m for m in Machine.objects.filter(lab=run.lab)}
    groups = {g.slug: g for g in MemberGroup.objects.filter(lab=run.lab)}
    created: dict[str, Training] = {}
    for position, spec in enumerate(TRAININGS):
        if spec.slug in existing:
            continue
        prerequisites = list(Training.objects.filter(lab=run.lab, slug__in=spec.prerequisites))
        created[spec.slug] = training_create(
            actor=actor,
            lab=run.lab,
            data={
                "title": spec.title,
                "slug": spec.slug,
                "description": spec.description,
                "duration_minutes": spec.duration_minutes,
                "validity_months": spec.validity_months,
                "lapse_months": spec.lapse_months,
                "min_participants": spec.participants[0],
                "max_participants": spec.participants[1],
                "auto_cancel_hours": 48,
                "cancel_deadline_hours": 24,
                "position": position,
                "categories": [categories[kind] for kind in spec.kinds if kind in categories],
                "machines": [machines[slug] for slug in spec.machines if slug in machines],
                "prerequisites": prerequisites,
                "prices": {
                    groups[slug]: Decimal(amount)
                    for slug, amount in spec.prices.items()
                    if slug in groups
                },
            },
        )
    return created


def _ago(months: int, days: int, tz) -> dt.datetime:
    return add_months(timezone.now(), -months, tz) + dt.timedelta(days=days)


def _import_certifications(created, members: list[User], actor: User, tz) -> None:
    for slug, indexes, months, days in IMPORTED_CERTIFICATIONS:
        training = created.get(slug)
        for index in indexes if training else ():
            if index < len(members):
                certification_grant(
                    actor=actor, member=members[index], training=training,
                    source=Certification.Source.IMPORT, reason=IMPORTED,
                    granted_at=_ago(months, days, tz),
                )  # fmt: skip
    laser = Machine.objects.filter(slug=DEMO_MACHINE_SLUGS["laser_cutter"][0]).first()
    for index, months, days in LASER_USES if laser and "decoupe-laser" in created else ():
        if index < len(members):
            certification_record_use(
                member=members[index], machine=laser, at=_ago(months, -days, tz)
            )
    slug, index, reason = REVOKED
    if slug in created and index < len(members):
        held = Certification.objects.filter(member=members[index], training=created[slug])
        certification_revoke(actor=actor, certification=held.first(), reason=reason)


def _volunteers(created, members: list[User], actor: User) -> dict[str, User]:
    volunteers = {}
    for index, slug in VOLUNTEERS:
        if slug in created and index < len(members):
            training_update(
                actor=actor, training=created[slug], data={"trainers": [members[index]]}
            )
            volunteers[slug] = members[index]
    return volunteers


def _hold(session: TrainingSession, starts_at: dt.datetime) -> TrainingSession:
    """Move a session scheduled ahead (so members could enrol) to the past date it was
    held, its enrolments a few days before it."""
    ends_at = starts_at + (session.ends_at - session.starts_at)
    TrainingSession.objects.filter(pk=session.pk).update(starts_at=starts_at, ends_at=ends_at)
    for days, enrolment in enumerate(session.enrolments.order_by("pk"), start=3):
        Enrolment.objects.filter(pk=enrolment.pk).update(
            created_at=starts_at - dt.timedelta(days=days)
        )
    session.refresh_from_db()
    return session


def _sessions(run: DemoRun, created, members: list[User], volunteers, actor: User) -> None:
    tz = run.lab.tzinfo
    spaces = {s.slug: s for s in Space.objects.filter(lab=run.lab)}
    today = timezone.localdate(timezone.now(), tz)
    for spec in SESSIONS:
        training = created.get(spec.training)
        if training is None:
            continue
        kind, _sep, volunteer_of = spec.trainer.partition(":")
        trainer = volunteers.get(volunteer_of) if volunteer_of else run.people.get(kind)
        starts_at = at_wall_clock(today + dt.timedelta(days=spec.days), dt.time(spec.hour), tz)
        held = starts_at <= timezone.now()
        session = session_create(
            actor=actor, training=training,
            starts_at=timezone.now() + dt.timedelta(days=1) if held else starts_at,
            trainer=trainer or actor, space=spaces.get(spec.space), place=spec.place,
            capacity=spec.capacity, notes=spec.notes,
        )  # fmt: skip
        people = [run.people["member"] if key == "demo" else members[key] for key in spec.members
                  if key == "demo" or key < len(members)]  # fmt: skip
        enrolments = [enrolment_create(actor=p, session=session, member=p) for p in people]
        if held:
            session = _hold(session, starts_at)
            attendance_record(
                actor=session.trainer,
                session=session,
                outcomes={
                    e.pk: outcome for e, outcome in zip(enrolments, spec.outcomes, strict=False)
                },
            )


def demo_trainings(run: DemoRun) -> None:
    actor = run.people.get("fab_manager")
    if actor is None or "member" not in run.people:
        return
    created = _create_trainings(run, actor)
    if not created:
        return
    members = _generated_members(run)
    tz = run.lab.tzinfo
    _import_certifications(created, members, actor, tz)
    # The demo member: the workshop's safety rules long ago, a laser certification that
    # expired two months ago; the 3D printer comes from the session they attended.
    demo_member = run.people["member"]
    for slug, months in (("securite-atelier", 28), ("decoupe-laser", 26)):
        if slug in created:
            certification_grant(
                actor=actor, member=demo_member, training=created[slug],
                source=Certification.Source.IMPORT, reason=IMPORTED,
                granted_at=_ago(months, 0, tz),
            )  # fmt: skip
    volunteers = _volunteers(created, members, actor)
    _sessions(run, created, members, volunteers, actor)


register_demo_step(50, demo_trainings)
