"""A year of the demo lab's sales, made through billing's services as the desk would have:
machine time (laser, 3D printing, the router) with the materials used, memberships, prepaid
packs, kits sold to walk-in customers; paid in cash, by card, cheque, transfer, from the
wallet (topped up first) or a mix; a few paid later or still unpaid; credit notes refunded to
the wallet or by the original method. Everything is dated back with `at=` and happens in
date order, so the numbers follow the days. The demo member (Léa Fontaine) has an annual
membership, a wallet and a laser session paid from it.

Wallet movements are stamped when they are written; the demo moves them to the day of the
sale they belong to (they are not part of the invoices' fingerprint chain)."""

import datetime as dt
import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_UP, Decimal

from fabdesk.core.demo import DemoRun
from fabdesk.core.timeutils import at_wall_clock, lab_today
from fabdesk.equipment.models import Machine
from fabdesk.members.models import User

from .charge_services import charge_create
from .choices import ChargeStatus
from .credit_notes import credit_note_issue
from .invoice_pdf import invoice_pdfs_on_demand
from .invoice_services import invoice_issue
from .pack_models import Pack
from .payment_services import PaymentIn, payment_record
from .plan_models import Plan
from .price_models import Item
from .selectors import charges_for_source
from .subscription_services import pack_purchase, subscription_create, subscriptions_expire
from .wallet_models import WalletMovement
from .wallet_services import wallet_top_up

SEED = 7007
D = Decimal
WALK_INS = [
    ("Atelier Dupuis SARL", "14 rue Garibaldi\n69006 Lyon"),
    ("Lycée La Martinière Diderot", "18 place Gabriel Rambaud\n69001 Lyon"),
    ("Marc Lefebvre", ""),
]
METHODS = [  # method, weight; "mix" is card + cash, "wallet" tops up first, None is unpaid
    ("card", 38),
    ("cash", 22),
    ("cheque", 8),
    ("transfer", 8),
    ("wallet", 12),
    ("mix", 6),
    (None, 6),
]


@dataclass(order=True)
class Action:
    when: dt.datetime
    order: int
    run: Callable = field(compare=False)


@dataclass
class Sales:
    run: DemoRun
    actor: User
    rng: random.Random
    machines: dict[str, Machine]
    items: dict[str, Item]
    plans: dict[str, Plan]
    packs: dict[str, Pack]
    members: list[User]
    actions: list[Action] = field(default_factory=list)
    invoices: dict[int, object] = field(default_factory=dict)
    subscribed: set = field(default_factory=set)
    done: int = 0

    @property
    def lab(self):
        return self.run.lab

    def at(self, when: dt.datetime, fn: Callable) -> None:
        """Do `fn` at `when`: actions run in date order, and may plan later ones."""
        heapq.heappush(self.actions, Action(when, len(self.actions) + self.done, fn))

    def run_all(self) -> None:
        while self.actions:
            heapq.heappop(self.actions).run()
            self.done += 1

    # What is sold

    def machine_time(self, member, slug: str, minutes: int, when, day):
        machine = self.machines.get(slug)
        if machine is None:
            return None
        return charge_create(
            actor=self.actor,
            lab=self.lab,
            member=member,
            item_type="machine_time",
            target=machine,
            minutes=minutes,
            at=when,
            performed_on=day,
        )

    def item(self, member, code: str, quantity, when, day, **customer):
        return charge_create(
            actor=self.actor,
            lab=self.lab,
            member=member,
            item_type="material",
            target=self.items[code],
            quantity=D(quantity),
            at=when,
            performed_on=day,
            **customer,
        )

    def basket(self, member, when, day) -> list:
        rng, kind = self.rng, self.rng.random()
        if kind < 0.45:
            charges = [
                self.machine_time(
                    member,
                    rng.choice(["trotec-speedy-300", "epilog-zing-24"]),
                    rng.choice([30, 45, 60, 90, 120]),
                    when,
                    day,
                ),
                self.item(
                    member, rng.choice(["ctp-3", "mdf-3", "pmma-3"]), rng.randint(1, 3), when, day
                ),
            ]
        elif kind < 0.72:
            charges = [
                self.machine_time(
                    member,
                    rng.choice(["prusa-mk4-1", "bambu-x1-carbon"]),
                    rng.choice([60, 120, 180, 240]),
                    when,
                    day,
                ),
                self.item(member, "pla", rng.choice([40, 85, 150, 320]), when, day),
            ]
        elif kind < 0.80:
            charges = [
                self.machine_time(member, "cnc-high-z-s1000", rng.choice([60, 90, 120]), when, day)
            ]
        elif kind < 0.90:
            charges = [self.membership(member, when, day)]
        else:
            pack = self.packs[rng.choice(sorted(self.packs))]
            purchase = pack_purchase(actor=self.actor, member=member, pack=pack, at=when)
            charges = list(charges_for_source(purchase))
        return [c for c in charges if c is not None and c.status == ChargeStatus.PENDING]

    def membership(self, member, when, day):
        plan = self.plans["annuelle"] if self.rng.random() < 0.6 else self.plans["maker-mensuelle"]
        key = (member.pk, plan.pk, day.year if plan.period == "year" else (day.year, day.month))
        if (member.pk, "annuelle") in self.subscribed or key in self.subscribed:
            return None
        self.subscribed.add(key)
        if plan.slug == "annuelle":
            self.subscribed.add((member.pk, "annuelle"))
        subscription = subscription_create(
            actor=self.actor, member=member, plan=plan, starts_on=day, at=when
        )
        return charges_for_source(subscription).first()

    # How it is paid

    def payments(self, member, charges, method, when) -> list[PaymentIn]:
        total = sum((c.total_incl_tax for c in charges), D(0))
        if method is None:
            return []
        if method == "wallet_only":  # from what the wallet holds already
            return [PaymentIn("wallet", total, received_at=when)]
        if method == "mix":
            cash = (total / 3).quantize(D("1"))
            if cash <= 0 or cash >= total:
                return [PaymentIn("card", total, received_at=when)]
            return [
                PaymentIn("card", total - cash, received_at=when),
                PaymentIn("cash", cash, received_at=when),
            ]
        if method == "wallet":
            top_up = (total / 10).quantize(D("1"), rounding=ROUND_UP) * 10 + 10
            movement = wallet_top_up(
                actor=self.actor,
                member=member,
                amount=top_up,
                method=self.rng.choice(["cash", "card"]),
            )
            back_date(movement.pk, when - dt.timedelta(minutes=5))
        return [PaymentIn(method, total, received_at=when)]

    def sale(self, member, when, *, method=None, charges=None, buyer_key=None) -> None:
        day = when.astimezone(self.lab.tzinfo).date()
        charges = charges if charges is not None else self.basket(member, when, day)
        if not charges:
            return
        if member is None and method == "wallet":
            method = "card"
        invoice = invoice_issue(
            actor=self.actor,
            lab=self.lab,
            charges=charges,
            payments=self.payments(member, charges, method, when),
            allow_unpaid=method is None,
            at=when,
        )
        WalletMovement.objects.filter(payment__invoice=invoice).update(created_at=when)
        if buyer_key is not None:
            self.invoices[buyer_key] = invoice
        if method is None and self.rng.random() < 0.6:
            later = when + dt.timedelta(days=self.rng.randint(8, 20))
            if later.date() < lab_today(self.lab.tzinfo):
                self.at(
                    later,
                    lambda: payment_record(
                        actor=self.actor,
                        invoice=invoice,
                        method="transfer",
                        received_at=later,
                        amount=invoice.total_incl_tax,
                    ),
                )


def back_date(movement_id: int, when: dt.datetime) -> None:
    WalletMovement.objects.filter(pk=movement_id).update(created_at=when)


def _moment(lab, day: dt.date, rng: random.Random) -> dt.datetime:
    return at_wall_clock(day, dt.time(rng.randint(10, 18), rng.choice([0, 15, 30, 45])), lab.tzinfo)


def _sales_of(run: DemoRun, actor) -> Sales:
    lab = run.lab
    members = list(
        User.objects.filter(lab=lab, status=User.Status.ACTIVE, member_group__isnull=False)
        .exclude(email=run.people["member"].email)
        .order_by("email")
    )
    return Sales(
        run=run,
        actor=actor,
        rng=random.Random(SEED),  # noqa: S311 (the same demo every time)
        machines={m.slug: m for m in Machine.objects.filter(lab=lab)},
        items={i.code: i for i in Item.objects.filter(lab=lab)},
        plans={p.slug: p for p in Plan.objects.filter(lab=lab)},
        packs={p.slug: p for p in Pack.objects.filter(lab=lab)},
        members=members,
    )


def _plan_the_year(sales: Sales, today: dt.date) -> None:
    rng, lab = sales.rng, sales.lab
    methods, weights = zip(*METHODS, strict=True)
    for back in range(12, -1, -1):
        index = today.year * 12 + today.month - 1 - back
        first = dt.date(index // 12, index % 12 + 1, 1)
        for n in range(rng.randint(4, 6)):
            day = first + dt.timedelta(days=rng.randint(0, 27))
            if day >= today:
                continue
            when = _moment(lab, day, rng)
            member, method = rng.choice(sales.members), rng.choices(methods, weights)[0]
            key = (back, n)
            sales.at(
                when,
                lambda m=member, w=when, p=method, k=key: sales.sale(m, w, method=p, buyer_key=k),
            )
            if key in CREDITED:
                _credit_later(sales, key, when, today)
        if back % 4 == 2:  # a walk-in customer now and then
            name, address = WALK_INS[back // 4 % len(WALK_INS)]
            day = first + dt.timedelta(days=rng.randint(0, 27))
            if day < today:
                when = _moment(lab, day, rng)
                sales.at(when, lambda n=name, a=address, w=when: _walk_in(sales, n, a, w))


def _walk_in(sales: Sales, name: str, address: str, when: dt.datetime) -> None:
    day = when.astimezone(sales.lab.tzinfo).date()
    customer = {"customer_name": name, "customer_address": address}
    charges = [
        sales.item(None, "arduino", 2, when, day, **customer),
        sales.item(None, "pmma-3", 4, when, day, **customer),
    ]
    sales.sale(None, when, method="transfer" if address else "cash", charges=charges)


CREDITED = {  # (months back, sale of the month): share credited (None: all), refund
    (10, 1): (D("0.5"), "wallet"),
    (6, 0): (None, "original"),
    (3, 2): (D("0.25"), "wallet"),
}


def _credit_later(sales: Sales, key, when: dt.datetime, today: dt.date) -> None:
    """Some sales are credited a few days later: half of one to the wallet, one in full."""
    share, refund = CREDITED[key]
    later = when + dt.timedelta(days=3)
    if later.astimezone(sales.lab.tzinfo).date() >= today:
        return

    def credit() -> None:
        invoice = sales.invoices.get(key)
        if invoice is None or invoice.buyer_member is None:
            return
        amount = (invoice.total_incl_tax * share).quantize(D("0.01")) if share else None
        reason = "Découpe ratée : matière remboursée" if share else "Séance annulée par le lab"
        _credit(sales, invoice, amount, refund, later, reason)

    sales.at(later, credit)


def _credit(sales: Sales, invoice, amount, refund: str, when, reason: str) -> None:
    credit = credit_note_issue(
        actor=sales.actor,
        invoice=invoice,
        amount=amount,
        refund_method=refund,
        reason=reason,
        at=when,
    )
    WalletMovement.objects.filter(invoice=credit).update(created_at=when)


def _demo_member(sales: Sales, today: dt.date) -> None:
    """Léa: an annual membership four months ago (card), a top-up in cash, a laser session
    paid from her wallet."""
    lea, lab = sales.run.people["member"], sales.lab
    joined = today - dt.timedelta(days=120)
    sales.at(_moment(lab, joined, sales.rng), lambda: _lea_joins(sales, lea, joined))
    session = today - dt.timedelta(days=40)
    sales.at(_moment(lab, session, sales.rng), lambda: _lea_cuts(sales, lea, session))


def _lea_joins(sales: Sales, lea, day: dt.date) -> None:
    when = at_wall_clock(day, dt.time(17, 30), sales.lab.tzinfo)
    subscription = subscription_create(
        actor=sales.actor, member=lea, plan=sales.plans["annuelle"], starts_on=day, at=when
    )
    sales.sale(lea, when, method="card", charges=list(charges_for_source(subscription)))
    movement = wallet_top_up(actor=sales.actor, member=lea, amount=D("40"), method="cash")
    back_date(movement.pk, when + dt.timedelta(minutes=2))


def _lea_cuts(sales: Sales, lea, day: dt.date) -> None:
    when = at_wall_clock(day, dt.time(18, 45), sales.lab.tzinfo)
    charges = [
        sales.machine_time(lea, "trotec-speedy-300", 60, when, day),
        sales.item(lea, "ctp-3", 2, when, day),
    ]
    sales.sale(lea, when, method="wallet_only", charges=[c for c in charges if c])


def _still_to_pay(sales: Sales, today: dt.date) -> None:
    """Yesterday's sessions not paid yet: charges waiting at the desk."""
    yesterday = today - dt.timedelta(days=1)
    when = at_wall_clock(yesterday, dt.time(16), sales.lab.tzinfo)
    for member in sales.members[:2]:
        sales.machine_time(member, "trotec-speedy-300", 45, when, yesterday)


def demo_sales(run: DemoRun, actor) -> None:
    sales = _sales_of(run, actor)
    if not sales.members or not sales.items or len(sales.plans) < 2:
        return
    today = lab_today(run.lab.tzinfo)
    _plan_the_year(sales, today)
    _demo_member(sales, today)
    with invoice_pdfs_on_demand():  # PDFs rendered when first downloaded, not all at start
        sales.run_all()  # in date order, so that numbers follow the days
    _still_to_pay(sales, today)
    subscriptions_expire()
