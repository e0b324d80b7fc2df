"""The demo lab's people: an admin, two staff, about sixty members in French across the
lab's groups and statuses. Registered with fabdesk.core.demo; goes through the members
services, so the audit log and notifications look like a lab that has been running."""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from fabdesk.core.demo import DemoRun, register_demo_login, register_demo_step

from .group_services import member_group_create
from .models import MemberGroup, User
from .roles import Role
from .services import member_create, member_record_consent, member_set_status

DOMAIN = "fablab-demo.test"
ADMIN = {"email": f"admin@{DOMAIN}", "password": "demo-admin", "first": "Alice", "last": "Moreau"}
FAB_MANAGER = {
    "email": f"fabmanager@{DOMAIN}", "password": "demo-fabmanager",
    "first": "Camille", "last": "Rousseau",
}  # fmt: skip
HOST = {
    "email": f"accueil@{DOMAIN}",
    "password": "demo-accueil",
    "first": "Julien",
    "last": "Perrin",
}
MEMBER = {
    "email": f"membre@{DOMAIN}",
    "password": "demo-membre",
    "first": "Léa",
    "last": "Fontaine",
}

GROUPS = [  # slug, name, description, is_default
    ("adulte", "Adulte", "Adhésion individuelle, plein tarif.", True),
    ("tarif-reduit", "Tarif réduit / étudiant",
     "Étudiants, demandeurs d'emploi, moins de 26 ans (sur justificatif).", False),
    ("entreprise", "Entreprise", "Salariés d'une entreprise adhérente.", False),
    ("association", "Association", "Membres d'une association partenaire.", False),
]  # fmt: skip
# How many generated members each group gets (with the demo member, about sixty in all).
GROUP_SIZES = {"adulte": 28, "tarif-reduit": 15, "entreprise": 8, "association": 8}
SCHOOLS = ["Université Lyon 1", "INSA Lyon", "Lycée La Martinière", "École Centrale de Lyon"]
ASSOCIATIONS = [
    "Repair Café Lyon 7", "Les Petits Débrouillards", "Club robotique de Gerland",
    "Association Couture Solidaire",
]  # fmt: skip
SUSPENSION_REASONS = [
    "Cotisation impayée depuis trois mois.",
    "Utilisation de la découpe laser sans habilitation.",
]
TOWNS = [  # postal code, city: the lab's surroundings
    ("69001", "Lyon"), ("69003", "Lyon"), ("69007", "Lyon"), ("69008", "Lyon"),
    ("69100", "Villeurbanne"), ("69200", "Vénissieux"), ("69300", "Caluire-et-Cuire"),
    ("69500", "Bron"), ("69600", "Oullins-Pierre-Bénite"), ("69230", "Saint-Genis-Laval"),
]  # fmt: skip
PENDING_EVERY, VALIDATED_EVERY = 9, 13  # one generated member in 9 waits, one in 13 was waiting
SEED = 1901

for person, label in ((ADMIN, "Admin"), (FAB_MANAGER, "Fab manager"), (MEMBER, "Member")):
    register_demo_login(label=label, email=person["email"], password=person["password"])


def _person(run: DemoRun, key: str, spec: dict, *, actor, role: Role, **extra) -> User:
    user = User.objects.filter(email=spec["email"]).first()
    if user is None:
        user = member_create(
            actor=actor,
            lab=run.lab,
            email=spec["email"],
            first_name=spec["first"],
            last_name=spec["last"],
            role=role,
            password=spec["password"],
            **extra,
        )
        member_record_consent(member=user, terms=True, newsletter=False)
    _verified_email(user)
    run.people[key] = user
    return user


def _verified_email(user: User) -> None:
    """Demo people log in at once: their address counts as verified."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": True}
    )


def _groups(run: DemoRun, actor: User) -> dict[str, MemberGroup]:
    groups = {g.slug: g for g in MemberGroup.objects.filter(lab=run.lab)}
    for slug, name, description, is_default in GROUPS:
        if slug not in groups:
            groups[slug] = member_group_create(
                actor=actor, lab=run.lab, name=name, slug=slug, description=description,
                is_default=is_default,
            )  # fmt: skip
    return groups


def _generated_members(groups: dict[str, MemberGroup]) -> list[dict]:
    """The same list of people on every run: Faker with a fixed seed."""
    from faker import Faker

    fake = Faker("fr_FR")
    fake.seed_instance(SEED)
    people, emails, today = [], set(), timezone.localdate()
    for slug, size in GROUP_SIZES.items():
        for _ in range(size):
            first, last = fake.first_name(), fake.last_name()
            base = f"{slugify(first)}.{slugify(last)}"
            email, n = f"{base}@{DOMAIN}", 1
            while email in emails:
                n += 1
                email = f"{base}{n}@{DOMAIN}"
            emails.add(email)
            town = fake.random_element(TOWNS)
            age = fake.random_int(18, 25) if slug == "tarif-reduit" else fake.random_int(26, 72)
            person = {
                "email": email,
                "first_name": first,
                "last_name": last,
                "member_group": groups[slug],
                "phone": fake.phone_number() if fake.random_int(1, 10) <= 8 else "",
                "address_line1": fake.street_address(),
                "postal_code": town[0],
                "city": town[1],
                "country": "France",
                "birth_date": today - timedelta(days=age * 365 + fake.random_int(0, 364)),
                "newsletter": fake.random_int(1, 3) == 1,
            }
            if slug == "entreprise":
                person["organisation"] = fake.company()
            elif slug == "association":
                person["organisation"] = fake.random_element(ASSOCIATIONS)
            elif slug == "tarif-reduit" and fake.random_int(1, 2) == 1:
                person["organisation"] = fake.random_element(SCHOOLS)
            people.append(person)
    return people


def _member(run: DemoRun, actor: User, data: dict, index: int) -> None:
    data = dict(data)
    newsletter = data.pop("newsletter")
    waiting = index % PENDING_EVERY == PENDING_EVERY - 1
    was_waiting = index % VALIDATED_EVERY == 5
    status = User.Status.PENDING if waiting or was_waiting else User.Status.ACTIVE
    member = member_create(actor=actor, lab=run.lab, status=status, **data)
    _verified_email(member)
    member_record_consent(member=member, terms=True, newsletter=newsletter)
    if was_waiting and not waiting:
        member_set_status(actor=actor, member=member, status=User.Status.ACTIVE)
    if index < len(SUSPENSION_REASONS):
        reason = SUSPENSION_REASONS[index]
        member_set_status(actor=actor, member=member, status=User.Status.SUSPENDED, reason=reason)


def demo_people(run: DemoRun) -> None:
    admin = _person(run, "admin", ADMIN, actor=None, role=Role.ADMIN, language="fr")
    groups = _groups(run, admin)
    manager = _person(run, "fab_manager", FAB_MANAGER, actor=admin, role=Role.STAFF)
    _person(run, "host", HOST, actor=admin, role=Role.STAFF)
    _person(
        run, "member", MEMBER, actor=manager, role=Role.MEMBER, member_group=groups["adulte"],
        phone="06 12 34 56 78", address_line1="3 place Bellecour", postal_code="69002",
        city="Lyon", country="France",
    )  # fmt: skip
    existing = set(User.objects.filter(lab=run.lab).values_list("email", flat=True))
    for index, data in enumerate(_generated_members(groups)):
        if data["email"] not in existing:
            _member(run, manager, data, index)


register_demo_step(10, demo_people)
