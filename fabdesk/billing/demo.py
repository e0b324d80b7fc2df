"""The demo lab's money: price lists for the workshop's machine categories, the meeting room
and the materials sold at the desk, per member group (with a reduced laser rate for the
annual plan's subscribers); two membership plans ("Adhésion mensuelle Maker" with 4 hours
of 3D printing and laser a month, "Adhésion annuelle"); two prepaid packs; then a year of
sales (demo_sales.py) and its first month closed with its archive.

Step order 90, after the people (10), the workshop (20) and the other apps. Goes through
billing's services (prices, subscriptions, charges, invoices with back-dated `at=`), so
numbers, the fingerprint chain and the archive are those of a running lab. Idempotent: price
lists, plans, packs and items are made when missing; the sales only when the lab has no
invoice; the closing only when no period is closed."""

import datetime as dt
from decimal import Decimal

from fabdesk.core.demo import DemoRun, register_demo_step
from fabdesk.core.timeutils import lab_today
from fabdesk.equipment.models import MachineCategory, Space
from fabdesk.members.models import MemberGroup

from .choices import PeriodKind
from .closing_services import period_close
from .invoice_models import Invoice
from .pack_models import Pack, PackPrice
from .period_models import ClosedPeriod
from .plan_models import Plan, PlanPrice
from .price_models import Item, ItemPrice, MachinePrice, SpacePrice
from .price_services import catalogue_save, price_set

D = Decimal
GROUPS = (None, "tarif-reduit", "entreprise", "association")  # None: everyone (adults)
# Category: hourly rate per group (adult, reduced, company, association), minimum charge.
CATEGORY_RATES = {
    "impression-3d-fdm": (("4", "2", "8", "3"), "1"),
    "impression-3d-resine": (("6", "3", "12", "5"), "2"),
    "decoupe-laser": (("20", "12", "40", "15"), "5"),
    "fraiseuse-numerique": (("15", "8", "30", "12"), "5"),
    "plotter-vinyle": (("5", "3", "10", "4"), "0"),
    "brodeuse": (("5", "3", "10", "4"), "0"),
}  # electronics and hand tools are free
ROOM = ("salle-de-reunion", ("10", "5", "20", "8"))
ITEMS = [  # code, name, unit, unit label, price, reduced price
    ("ctp-3", "Contreplaqué peuplier 3 mm", "sheet", "60 x 40 cm", "4.50", "3.50"),
    ("mdf-3", "MDF 3 mm", "sheet", "60 x 40 cm", "3.00", "2.50"),
    ("pmma-3", "Plexiglas 3 mm", "sheet", "60 x 40 cm", "12.00", None),
    ("pla", "Filament PLA", "gram", "g", "0.05", None),
    ("vinyle", "Vinyle adhésif", "metre", "m", "2.50", None),
    ("arduino", "Kit Arduino Uno", "unit", "", "25.00", "20.00"),
]
PLANS = [  # slug, name, period, hours, categories, prices per group, description
    (
        "maker-mensuelle",
        "Adhésion mensuelle Maker",
        "month",
        "4",
        ("impression-3d-fdm", "decoupe-laser"),
        ("25", "15", "50", "20"),
        "Un mois d'accès au lab avec **4 heures** d'impression 3D ou de découpe laser comprises.",
    ),
    (
        "annuelle",
        "Adhésion annuelle",
        "year",
        "0",
        (),
        ("60", "30", "150", "40"),
        "Un an d'adhésion : accès aux machines au tarif de votre groupe, découpe laser à 15 € "
        "de l'heure, ateliers à tarif adhérent.",
    ),
]
ANNUAL_LASER_RATE = D("15")
PACKS = [  # slug, name, hours, category, days, price
    ("carnet-3d-10h", "Carnet 10 h d'impression 3D", "10", "impression-3d-fdm", 365, "30"),
    ("carnet-laser-5h", "Carnet 5 h de découpe laser", "5", "decoupe-laser", 180, "80"),
]


def prices_since(lab) -> dt.date:
    """Price lists valid from well before the year of sales."""
    today = lab_today(lab.tzinfo)
    return dt.date(today.year - 2, 1, 1)


def _price(actor, model, **fields) -> None:
    price_set(actor=actor, entry=model(**fields))


def _price_lists(run: DemoRun, actor, groups: dict) -> None:
    lab, since = run.lab, prices_since(run.lab)
    categories = {c.slug: c for c in MachineCategory.objects.filter(lab=lab)}
    for slug, (rates, minimum) in CATEGORY_RATES.items():
        if slug not in categories:
            continue
        for group, rate in zip(GROUPS, rates, strict=True):
            _price(
                actor,
                MachinePrice,
                lab=lab,
                category=categories[slug],
                member_group=groups.get(group),
                hourly_rate=D(rate),
                minimum_charge=D(minimum),
                rounding_minutes=15,
                valid_from=since,
            )
    room = Space.objects.filter(lab=lab, slug=ROOM[0]).first()
    if room is not None:
        for group, rate in zip(GROUPS, ROOM[1], strict=True):
            _price(
                actor,
                SpacePrice,
                lab=lab,
                space=room,
                member_group=groups.get(group),
                hourly_rate=D(rate),
                rounding_minutes=30,
                valid_from=since,
            )


def _items(run: DemoRun, actor, groups: dict) -> None:
    since = prices_since(run.lab)
    existing = set(Item.objects.filter(lab=run.lab).values_list("code", flat=True))
    for position, (code, name, unit, label, price, reduced) in enumerate(ITEMS):
        if code in existing:
            continue
        item = catalogue_save(
            actor=actor,
            instance=Item(
                lab=run.lab, code=code, name=name, unit=unit, unit_label=label, position=position
            ),
        )
        _price(actor, ItemPrice, lab=run.lab, item=item, unit_price=D(price), valid_from=since)
        if reduced:
            _price(
                actor,
                ItemPrice,
                lab=run.lab,
                item=item,
                member_group=groups["tarif-reduit"],
                unit_price=D(reduced),
                valid_from=since,
            )


def _plans(run: DemoRun, actor, groups: dict) -> None:
    lab, since = run.lab, prices_since(run.lab)
    existing = set(Plan.objects.filter(lab=lab).values_list("slug", flat=True))
    categories = {c.slug: c for c in MachineCategory.objects.filter(lab=lab)}
    for position, (slug, name, period, hours, scope, prices, text) in enumerate(PLANS):
        if slug in existing:
            continue
        plan = catalogue_save(
            actor=actor,
            instance=Plan(
                lab=lab,
                slug=slug,
                name=name,
                period=period,
                included_hours=D(hours),
                description=text,
                reminder_days=7 if period == "month" else 30,
                position=position,
            ),
            many={"categories": [categories[c] for c in scope if c in categories]},
        )
        for group, amount in zip(GROUPS, prices, strict=True):
            _price(
                actor,
                PlanPrice,
                lab=lab,
                plan=plan,
                member_group=groups.get(group),
                amount=D(amount),
                valid_from=since,
            )
        if slug == "annuelle" and "decoupe-laser" in categories:
            _price(
                actor,
                MachinePrice,
                lab=lab,
                category=categories["decoupe-laser"],
                plan=plan,
                hourly_rate=ANNUAL_LASER_RATE,
                minimum_charge=D("5"),
                valid_from=since,
            )


def _packs(run: DemoRun, actor) -> None:
    lab, since = run.lab, prices_since(run.lab)
    existing = set(Pack.objects.filter(lab=lab).values_list("slug", flat=True))
    categories = {c.slug: c for c in MachineCategory.objects.filter(lab=lab)}
    for position, (slug, name, hours, category, days, price) in enumerate(PACKS):
        if slug in existing or category not in categories:
            continue
        pack = catalogue_save(
            actor=actor,
            instance=Pack(
                lab=lab, slug=slug, name=name, hours=D(hours), validity_days=days, position=position
            ),
            many={"categories": [categories[category]]},
        )
        _price(actor, PackPrice, lab=lab, pack=pack, amount=D(price), valid_from=since)


def _close_first_month(run: DemoRun, actor) -> None:
    first = Invoice.objects.filter(lab=run.lab).order_by("issue_date").first()
    if first is None or ClosedPeriod.objects.filter(lab=run.lab).exists():
        return
    month = first.issue_date.replace(day=1)
    if month < lab_today(run.lab.tzinfo).replace(day=1):
        period_close(actor=actor, lab=run.lab, kind=PeriodKind.MONTH, start=month)


def demo_billing(run: DemoRun) -> None:
    from .demo_sales import demo_sales

    actor = run.people["fab_manager"]
    groups = {g.slug: g for g in MemberGroup.objects.filter(lab=run.lab)}
    if not MachinePrice.objects.filter(lab=run.lab).exists():
        _price_lists(run, actor, groups)
    _items(run, actor, groups)
    _plans(run, actor, groups)
    _packs(run, actor)
    if not Invoice.objects.filter(lab=run.lab).exists():
        demo_sales(run, actor)
    _close_first_month(run, actor)


register_demo_step(90, demo_billing)
