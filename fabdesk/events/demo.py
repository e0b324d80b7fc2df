"""The demo lab's agenda, in French: discovery workshops held and to come (3D printing, laser
cutting), a repair café, an open day without registration, a talk, a teenagers' workshop
whose registrations staff validate, a private school visit, a four-session Arduino course
(one registration for every session) and the open workshop of every first Saturday. The
laser workshop is full with two people on its waitlist. The demo member
(membre@fablab-demo.test) is registered for the Arduino course and a 3D printing workshop.

Registered with fabdesk.core.demo at order 80, after the people (10), the workshop (20) and
the trainings (50). Goes through the events services (visitors confirm their address like
real ones), so seats, waitlists, mails and the audit log read like a running lab. Events
held already are made ahead, filled, then moved to the date they were held. A lab that has
events already is left alone: running the demo twice adds nothing."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from fabdesk.core.demo import DemoRun, register_demo_step
from fabdesk.core.timeutils import at_wall_clock
from fabdesk.equipment.demo import DEMO_MACHINE_SLUGS, placeholder_photo
from fabdesk.equipment.models import Machine, Space
from fabdesk.members.models import User

from .links import confirm_link
from .models import Event, EventType, Registration
from .registration_services import registration_confirm_email, registration_create
from .series_services import series_create
from .services import event_create, event_type_create

TYPES = [  # name, colour
    ("Atelier", "#e4572e"),
    ("Repair café", "#3f8f3a"),
    ("Portes ouvertes", "#0a6c74"),
    ("Conférence", "#b7791f"),
    ("Visite scolaire", "#2e86ab"),
    ("Cours", "#7b4ea3"),
    ("Atelier ouvert", "#c2185b"),
]
MEMBER, NON_MEMBER, REDUCED, FREE = "member", "non_member", "reduced", "free"


def _tickets(member: str, non_member: str, reduced: str | None = None, *, seats: int = 1):
    tickets = [
        {"name": "Adhérent", "audience": MEMBER, "price": Decimal(member), "max_seats": seats},
        {"name": "Non-adhérent", "audience": NON_MEMBER, "price": Decimal(non_member),
         "max_seats": seats},
    ]  # fmt: skip
    if reduced is not None:
        name = "Tarif réduit (étudiant, demandeur d'emploi)"
        tickets.append(
            {"name": name, "audience": REDUCED, "price": Decimal(reduced), "max_seats": seats}
        )
    return tickets


def _free(name: str = "Gratuit", seats: int = 1) -> list[dict]:
    return [{"name": name, "audience": FREE, "price": Decimal("0"), "max_seats": seats}]


@dataclass(frozen=True)
class EventSpec:
    title: str
    type: str
    days: int  # from today, in the lab's time zone; negative: held already
    hours: tuple[int, int, int, int]  # start hour, minute, end hour, minute
    summary: str
    description: str
    capacity: int | None = None
    tickets: list = field(default_factory=lambda: _free())
    space: str = ""
    address: str = ""
    audience: str = ""
    ages: tuple = (None, None)
    what_to_bring: str = ""
    machines: tuple = ()
    private: bool = False
    registration: bool = True
    validation: bool = False
    members: tuple = ()  # generated members (index, seats); "demo" for the demo member
    visitors: tuple = ()  # (name, email, seats), confirmed; staff-added when private
    image: str = ""  # letters of a placeholder picture


EVENTS = [
    EventSpec(
        "Initiation impression 3D", "Atelier", -20, (14, 0, 17, 0),
        "Du modèle 3D à l'objet : on imprime son premier porte-clés.",
        "Trois heures pour comprendre l'impression 3D **FDM** : trouver ou dessiner un "
        "modèle, le préparer dans *PrusaSlicer*, lancer l'impression et retirer la pièce.\n\n"
        "Chacun repart avec son porte-clés imprimé.",
        capacity=8, tickets=_tickets("10", "20", "10", seats=2), space="atelier-numerique",
        audience="Débutants, dès 12 ans", ages=(12, None), what_to_bring="Une clé USB.",
        machines=("prusa-mk4-1", "bambu-x1-carbon"), image="3D",
        members=((0, 1), (1, 1), (2, 1)),
        visitors=(("Hugo Lemaire", "hugo.lemaire@example.test", 2),
                  ("Nadia Benali", "nadia.benali@example.test", 1)),
    ),
    EventSpec(
        "Initiation impression 3D", "Atelier", 9, (14, 0, 17, 0),
        "Du modèle 3D à l'objet : on imprime son premier porte-clés.",
        "Trois heures pour comprendre l'impression 3D **FDM** : trouver ou dessiner un "
        "modèle, le préparer dans *PrusaSlicer*, lancer l'impression et retirer la pièce.\n\n"
        "Chacun repart avec son porte-clés imprimé.",
        capacity=8, tickets=_tickets("10", "20", "10", seats=2), space="atelier-numerique",
        audience="Débutants, dès 12 ans", ages=(12, None), what_to_bring="Une clé USB.",
        machines=("prusa-mk4-1", "bambu-x1-carbon"), image="3D",
        members=(("demo", 1), (3, 1)),
        visitors=(("Famille Garnier", "famille.garnier@example.test", 2),),
    ),
    EventSpec(
        "Découverte de la découpe laser", "Atelier", 12, (18, 30, 21, 0),
        "Graver et découper du bois et du carton : une soirée pour découvrir la laser.",
        "On découvre la découpe laser **CO₂** : les matériaux autorisés (et ceux qui sont "
        "interdits, comme le PVC), les réglages de puissance et de vitesse, la mise au point.\n\n"
        "Chacun grave et découpe un dessous-de-verre à son nom.",
        capacity=4, tickets=_tickets("15", "30"), space="salle-laser",
        audience="Adultes", ages=(16, None), machines=("trotec-speedy-300",), image="LA",
        what_to_bring="Un dessin en noir et blanc (PNG ou SVG) si vous en avez un.",
        members=((4, 1), (5, 1), (6, 1), (7, 1), (8, 1)),
        visitors=(("Romain Faure", "romain.faure@example.test", 1),),
    ),
    EventSpec(
        "Repair café", "Repair café", -13, (14, 0, 18, 0),
        "Venez réparer grille-pain, lampes et vêtements avec les bénévoles.",
        "Un après-midi pour **réparer au lieu de jeter** : petit électroménager, luminaires, "
        "vélos, vêtements. Les bénévoles vous aident, vous réparez.",
        capacity=20, tickets=_free("Gratuit (un objet par personne)", seats=2),
        space="atelier-bois", audience="Tout public", image="RC",
        what_to_bring="L'objet à réparer, et ses pièces si vous les avez.",
        members=((9, 1),),
        visitors=(("Martine Roche", "martine.roche@example.test", 1),
                  ("Paul Giraud", "paul.giraud@example.test", 2)),
    ),
    EventSpec(
        "Repair café", "Repair café", 6, (14, 0, 18, 0),
        "Venez réparer grille-pain, lampes et vêtements avec les bénévoles.",
        "Un après-midi pour **réparer au lieu de jeter** : petit électroménager, luminaires, "
        "vélos, vêtements. Les bénévoles vous aident, vous réparez.",
        capacity=20, tickets=_free("Gratuit (un objet par personne)", seats=2),
        space="atelier-bois", audience="Tout public", image="RC",
        what_to_bring="L'objet à réparer, et ses pièces si vous les avez.",
        members=((10, 1), (11, 2)),
        visitors=(("Sylvie Morel", "sylvie.morel@example.test", 1),),
    ),
    EventSpec(
        "Portes ouvertes du Fab Lab", "Portes ouvertes", 16, (10, 0, 18, 0),
        "Visites guidées, démonstrations des machines et présentation des formations.",
        "Le lab ouvre ses portes à tous : **visites guidées** toutes les heures, "
        "démonstrations d'impression 3D, de découpe laser et de broderie numérique, "
        "présentation des formations et de l'adhésion.\n\nEntrée libre, sans inscription.",
        registration=False, audience="Tout public", image="PO",
    ),
    EventSpec(
        "Conférence : la low-tech au quotidien", "Conférence", 25, (19, 0, 21, 0),
        "Réparer, détourner, fabriquer simple : une soirée d'échanges.",
        "Une conférence suivie d'un échange sur la **low-tech** : des objets simples, "
        "réparables et sobres, et ce qu'un fab lab peut y apporter.",
        capacity=40, tickets=_free(seats=2), space="salle-de-reunion", audience="Adultes",
        members=((12, 1),),
        visitors=(("Claire Dubois", "claire.dubois@example.test", 2),),
    ),
    EventSpec(
        "Stage ados : fabrique ta lampe", "Atelier", 30, (14, 0, 17, 30),
        "Pendant les vacances : une lampe en bois découpé au laser et des LED.",
        "Pour les **12 à 15 ans** : dessiner une lampe, la découper au laser, souder ses LED. "
        "Les inscriptions sont validées par l'équipe (autorisation parentale à fournir).",
        capacity=8, tickets=_tickets("20", "30"), space="salle-electronique",
        audience="Ados", ages=(12, 15), validation=True,
        what_to_bring="L'autorisation parentale signée.",
        visitors=(("Inès Caron", "ines.caron@example.test", 1),),
    ),
    EventSpec(
        "Visite du collège Jean Moulin (4e B)", "Visite scolaire", 20, (9, 0, 12, 0),
        "Visite de classe : démonstrations et petit atelier d'impression 3D.",
        "Accueil de la classe de 4e B du collège Jean Moulin avec leur professeure de "
        "technologie : visite du lab, démonstrations, un petit atelier par groupes.",
        capacity=30, tickets=_free("Classe", seats=30), private=True,
        audience="Collégiens", ages=(13, 14),
        visitors=(("Mme Anne Leroy", "anne.leroy@college-jean-moulin.example.test", 27),),
    ),
]  # fmt: skip

COURSE_VISITORS = (("Thomas Petit", "thomas.petit@example.test", 1),
                   ("Sarah Nguyen", "sarah.nguyen@example.test", 1))  # fmt: skip


def _types(run: DemoRun, actor: User) -> dict[str, EventType]:
    existing = {t.name: t for t in EventType.objects.filter(lab=run.lab)}
    for position, (name, colour) in enumerate(TYPES):
        if name not in existing:
            existing[name] = event_type_create(
                actor=actor, lab=run.lab, name=name, colour=colour, position=position
            )
    return existing


def _members(run: DemoRun) -> list[User]:
    demo_member = run.people.get("member")
    return list(
        User.objects.filter(lab=run.lab, status=User.Status.ACTIVE, groups__name="member")
        .exclude(pk=getattr(demo_member, "pk", None))
        .order_by("pk")
    )


def _register(run, event, spec_members, visitors, members, actor, *, staff_added=False):
    tickets = list(event.categories.order_by("position", "pk")) or list(
        event.series.categories.order_by("position", "pk")
    )
    by_audience = {t.audience: t for t in tickets}
    for key, seats in spec_members:
        person = run.people["member"] if key == "demo" else (
            members[key] if key < len(members) else None
        )  # fmt: skip
        if person is not None:
            ticket = by_audience.get(MEMBER) or tickets[0]
            registration_create(actor=person, event=event, category=ticket, seats=seats)
    for name, email, seats in visitors:
        ticket = by_audience.get(NON_MEMBER) or by_audience.get(FREE) or tickets[0]
        if staff_added:
            registration_create(actor=actor, event=event, category=ticket, seats=seats,
                                name=name, email=email)  # fmt: skip
            continue
        registration = registration_create(
            actor=None, event=event, category=ticket, seats=seats, name=name, email=email,
            language="fr", access_token=event.secret_token,
        )  # fmt: skip
        registration_confirm_email(link=confirm_link(registration))


def _hold(event: Event, starts_at: dt.datetime) -> None:
    """Move an event made ahead (so people could register) to the past date it was held,
    its registrations a few days before it."""
    shift = starts_at - event.starts_at
    Event.objects.filter(pk=event.pk).update(starts_at=starts_at, ends_at=event.ends_at + shift)
    for days, registration in enumerate(event.registrations.order_by("pk"), start=2):
        moment = starts_at - dt.timedelta(days=days)
        Registration.objects.filter(pk=registration.pk).update(
            created_at=moment, confirmed_at=moment
        )


def _events(run: DemoRun, types, members, actor) -> None:
    tz = run.lab.tzinfo
    today = timezone.localdate(timezone.now(), tz)
    spaces = {s.slug: s for s in Space.objects.filter(lab=run.lab)}
    machines = {m.slug: m for m in Machine.objects.filter(lab=run.lab)}
    for spec in EVENTS:
        day = today + dt.timedelta(days=spec.days)
        start_h, start_m, end_h, end_m = spec.hours
        starts_at = at_wall_clock(day, dt.time(start_h, start_m), tz)
        held = spec.days < 0
        ahead = dt.timedelta(days=400) if held else dt.timedelta(0)
        event = event_create(
            actor=actor, lab=run.lab, status=Event.Status.PUBLISHED, categories=spec.tickets,
            machines=[machines[s] for s in spec.machines if s in machines],
            trainers=[actor], event_type=types[spec.type], title=spec.title,
            summary=spec.summary, description=spec.description,
            space=spaces.get(spec.space), address=spec.address,
            starts_at=starts_at + ahead,
            ends_at=at_wall_clock(day, dt.time(end_h, end_m), tz) + ahead,
            audience=spec.audience, min_age=spec.ages[0], max_age=spec.ages[1],
            visibility=Event.Visibility.PRIVATE if spec.private else Event.Visibility.PUBLIC,
            registration_enabled=spec.registration, capacity=spec.capacity,
            requires_validation=spec.validation, what_to_bring=spec.what_to_bring,
        )  # fmt: skip
        if spec.image:
            colour = types[spec.type].colour
            picture = placeholder_photo(title="", letters=spec.image, colour=colour)
            event.image.save(f"event-{event.pk}.png", picture, save=True)
        if spec.registration:
            _register(run, event, spec.members, spec.visitors, members, actor,
                      staff_added=spec.private)  # fmt: skip
        if held:
            _hold(event, starts_at)


def _next_weekday(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7 or 7)


def _series(run: DemoRun, types, members, actor) -> None:
    tz = run.lab.tzinfo
    today = timezone.localdate(timezone.now(), tz)
    spaces = {s.slug: s for s in Space.objects.filter(lab=run.lab)}
    electronics = [m for m in Machine.objects.filter(lab=run.lab,
                   slug__in=DEMO_MACHINE_SLUGS["electronics"][:2])]  # fmt: skip
    course = series_create(
        actor=actor, lab=run.lab, title="Arduino : de la LED au robot (4 séances)",
        kind="course", status=Event.Status.PUBLISHED, capacity=10,
        rule={"frequency": "weekly", "weekday": 2,
              "starts_on": _next_weekday(today + dt.timedelta(days=7), 2),
              "start_time": dt.time(18, 30), "end_time": dt.time(21, 0), "count": 4},
        event_fields={
            "event_type": types["Cours"], "space": spaces.get("salle-electronique"),
            "summary": "Quatre mercredis soir pour apprendre à programmer une carte Arduino.",
            "description": "Un cours en **quatre séances** : faire clignoter une LED, lire "
                           "des capteurs, piloter des moteurs, puis assembler un petit robot.\n\n"
                           "Une seule inscription vaut pour les quatre séances. La carte "
                           "Arduino et les composants sont fournis.",
            "audience": "Débutants", "min_age": 14,
            "what_to_bring": "Un ordinateur portable avec l'IDE Arduino installé.",
        },
        categories=_tickets("60", "90", "45"), machines=electronics, trainers=[actor],
    )  # fmt: skip
    first_session = course.events.order_by("starts_at").first()
    _register(run, first_session, (("demo", 1), (13, 1), (14, 1), (15, 1)), COURSE_VISITORS,
              members, actor)  # fmt: skip
    open_workshop = series_create(
        actor=actor, lab=run.lab, title="Atelier ouvert du premier samedi", kind="recurring",
        status=Event.Status.PUBLISHED,
        rule={"frequency": "monthly", "weekday": 5, "week_of_month": 1,
              "starts_on": today + dt.timedelta(days=1), "start_time": dt.time(14, 0),
              "end_time": dt.time(18, 0), "count": 6},
        event_fields={
            "event_type": types["Atelier ouvert"], "space": spaces.get("atelier-numerique"),
            "summary": "Venez avancer vos projets avec l'aide des bénévoles.",
            "description": "Chaque **premier samedi du mois**, l'atelier numérique est ouvert "
                           "à tous : adhérents et curieux viennent avancer leurs projets, "
                           "les bénévoles conseillent.",
            "audience": "Tout public", "capacity": 15,
        },
        categories=_free(seats=3), trainers=[actor],
    )  # fmt: skip
    first_saturday = open_workshop.events.order_by("starts_at").first()
    _register(run, first_saturday, ((16, 1), (17, 2)), (), members, actor)


def demo_events(run: DemoRun) -> None:
    actor = run.people.get("fab_manager")
    if actor is None or "member" not in run.people:
        return
    if Event.objects.filter(lab=run.lab).exists():
        return
    types = _types(run, actor)
    members = _members(run)
    _events(run, types, members, actor)
    _series(run, types, members, actor)


register_demo_step(80, demo_events)
