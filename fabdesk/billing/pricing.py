"""The one pricing service: what a member pays for machine time, a space, a training, an
event, a membership, a pack, a print, an item or an ad-hoc line, on a given day.

Machine time: the price entry valid that day (price_lookup), the duration rounded by its
step and mode, the membership's included hours used first, then prepaid packs (soonest to
expire first), then the rest paid at the hourly rate, with the entry's minimum charge on
the paid part. Every line is split into amounts excluding VAT, VAT and including VAT to the
cent (amounts.py); a breakdown's totals are the sums of its lines. Nothing is written here:
charge_services.charge_create() records a breakdown, charge_preview() shows it first."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.errors import Invalid
from fabdesk.core.money import money_round

from . import price_lookup
from .allowances import Allowance, machine_allowances, member_plan_ids
from .amounts import SIXTY, amounts_of, hours_of, minutes_rounded
from .choices import ItemType, LineKind, Unit
from .price_models import Item
from .selectors import accounting_settings_get

ZERO = Decimal(0)


@dataclass(frozen=True)
class PriceLine:
    kind: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal  # excluding VAT
    vat_rate: Decimal
    amount_excl_tax: Decimal
    vat_amount: Decimal
    amount_incl_tax: Decimal
    minutes: int = 0


@dataclass(frozen=True)
class PriceBreakdown:
    item_type: str
    description: str
    quantity: Decimal
    unit: str
    lines: tuple[PriceLine, ...]
    billed_minutes: int = 0
    uses: tuple[tuple[object, int], ...] = ()  # (Subscription or PackPurchase, minutes)
    pricing: dict = field(default_factory=dict)

    @property
    def total_excl_tax(self) -> Decimal:
        return sum((line.amount_excl_tax for line in self.lines), ZERO)

    @property
    def total_vat(self) -> Decimal:
        return sum((line.vat_amount for line in self.lines), ZERO)

    @property
    def total_incl_tax(self) -> Decimal:
        return sum((line.amount_incl_tax for line in self.lines), ZERO)

    def _minutes_of(self, kind: str) -> int:
        return sum(line.minutes for line in self.lines if line.kind == kind)

    @property
    def plan_minutes(self) -> int:
        return self._minutes_of(LineKind.PLAN)

    @property
    def pack_minutes(self) -> int:
        return self._minutes_of(LineKind.PACK)

    @property
    def paid_minutes(self) -> int:
        return self._minutes_of(LineKind.PAID)

    @property
    def is_empty(self) -> bool:
        """Nothing to charge (a free machine, a duration rounded down to nothing)."""
        return not self.lines


@dataclass(frozen=True)
class Pricing:
    """How lines are priced: VAT included in the prices or not, and the VAT rate."""

    include_tax: bool
    vat_rate: Decimal

    def line(self, *, kind, description, quantity, unit, unit_price, gross=None, minutes=0):
        gross = money_round(unit_price * quantity) if gross is None else gross
        amounts = amounts_of(
            gross=gross, unit_price=unit_price, vat_rate=self.vat_rate, include_tax=self.include_tax
        )
        return PriceLine(
            kind=kind,
            description=description,
            quantity=quantity,
            unit=unit,
            unit_price=amounts.unit_price,
            vat_rate=self.vat_rate,
            amount_excl_tax=amounts.excl_tax,
            vat_amount=amounts.vat,
            amount_incl_tax=amounts.incl_tax,
            minutes=minutes,
        )


def _allowance_label(allowance: Allowance, label: str, hours: Decimal) -> str:
    if allowance.is_plan:
        plan = allowance.source.plan
        return _("%(what)s: %(hours)s h included in the membership %(plan)s") % {
            "what": label,
            "hours": hours,
            "plan": plan,
        }
    return _("%(what)s: %(hours)s h of prepaid hours (%(pack)s)") % {
        "what": label,
        "hours": hours,
        "pack": allowance.source.pack,
    }


def time_lines(
    *,
    label: str,
    pricing: Pricing,
    hourly_rate: Decimal,
    minimum_charge: Decimal,
    step: int,
    mode: str,
    raw_minutes: Decimal,
    people: int = 1,
    allowances: Sequence[Allowance] = (),
) -> tuple[list[PriceLine], list[tuple[object, int]], int]:
    """Lines for a duration: (lines, [(allowance source, minutes used)], billed minutes).
    Included and prepaid minutes come first, at zero; the rest is paid."""
    billed = minutes_rounded(raw_minutes, step=step, mode=mode)
    remaining, lines, uses = billed, [], []
    for allowance in allowances:
        used = min(remaining, allowance.minutes_left)
        if used <= 0:
            continue
        remaining -= used
        uses.append((allowance.source, used))
        lines.append(
            pricing.line(
                kind=LineKind.PLAN if allowance.is_plan else LineKind.PACK,
                description=_allowance_label(allowance, label, hours_of(used)),
                quantity=hours_of(used),
                unit=Unit.HOUR,
                unit_price=ZERO,
                minutes=used,
            )
        )
    if remaining > 0:
        paid_gross = money_round(hourly_rate * remaining * people / SIXTY)
        description = label
        if people > 1:
            description = _("%(what)s (%(people)s people)") % {"what": label, "people": people}
        lines.append(
            pricing.line(
                kind=LineKind.PAID,
                description=description,
                quantity=hours_of(remaining * people),
                unit=Unit.HOUR,
                unit_price=hourly_rate,
                gross=paid_gross,
                minutes=remaining,
            )
        )
        if minimum_charge > paid_gross:
            supplement = minimum_charge - paid_gross
            lines.append(
                pricing.line(
                    kind=LineKind.MINIMUM,
                    description=_("Minimum charge (%(amount)s)") % {"amount": minimum_charge},
                    quantity=Decimal(1),
                    unit=Unit.UNIT,
                    unit_price=supplement,
                )
            )
    return lines, uses, billed


def _duration(minutes, start: datetime | None, end: datetime | None) -> Decimal:
    if minutes is None:
        if start is None or end is None:
            raise Invalid(_("Give a duration or a start and an end."), code="duration_missing")
        minutes = Decimal((end - start).total_seconds()) / SIXTY
    minutes = Decimal(minutes)
    if minutes <= 0:
        raise Invalid(_("The duration must be positive."), code="duration_not_positive")
    return minutes


def _vat_rate(lab, rate: Decimal | None) -> Decimal:
    if lab.vat_exempt:
        return ZERO
    return Decimal(rate if rate is not None else lab.default_vat_rate)


def _describe_entry(entry) -> str:
    return f"{entry._meta.model_name}:{entry.pk}" if entry is not None else ""


def charge_price(
    *,
    lab,
    item_type: str,
    member=None,
    target=None,
    minutes: Decimal | int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    quantity: Decimal | int = 1,
    people: int = 1,
    unit_price: Decimal | None = None,
    vat_rate: Decimal | None = None,
    description: str = "",
    at: datetime | None = None,
    lock: bool = False,
) -> PriceBreakdown:
    """Price one thing for `member` (None: a walk-in customer, everyone's prices) on the day
    of `at` in the lab's time zone. See /tmp/billing-interfaces.md for the targets."""
    if item_type not in ItemType.values:
        raise Invalid(_("Unknown type of sale."), code="item_type_unknown", field="item_type")
    quantity = Decimal(quantity)
    if quantity <= 0:
        raise Invalid(_("The quantity must be positive."), code="quantity_not_positive")
    if unit_price is not None and Decimal(unit_price) < 0:
        raise Invalid(_("A price cannot be negative."), code="price_negative")
    if vat_rate is not None and not 0 <= Decimal(vat_rate) <= 100:
        raise Invalid(_("A VAT rate is between 0 and 100."), code="vat_rate_invalid")
    if people < 1:
        raise Invalid(_("The number of people must be positive."), code="people_not_positive")
    at = at or timezone.now()
    context = _Context(
        lab=lab,
        member=member,
        day=timezone.localtime(at, lab.tzinfo).date(),
        include_tax=accounting_settings_get(lab=lab).prices_include_tax,
        lock=lock,
    )
    if unit_price is not None:
        return _ad_hoc(
            context, item_type, description, quantity, Decimal(unit_price), target, vat_rate
        )
    pricer = _item if isinstance(target, Item) else PRICERS.get(item_type)
    if pricer is None or target is None:
        raise Invalid(_("Nothing to price."), code="nothing_to_price")
    return pricer(
        context, target, minutes=minutes, start=start, end=end, quantity=quantity, people=people
    )


def charge_preview(**kwargs) -> PriceBreakdown:
    """What the member sees before confirming: the same breakdown, nothing written."""
    kwargs.pop("lock", None)
    return charge_price(**kwargs)


@dataclass(frozen=True)
class _Context:
    lab: object
    member: object
    day: object
    include_tax: bool
    lock: bool

    @property
    def group_id(self):
        return getattr(self.member, "member_group_id", None)

    def pricing(self, rate) -> Pricing:
        return Pricing(include_tax=self.include_tax, vat_rate=_vat_rate(self.lab, rate))


def _breakdown(item_type, description, quantity, unit, lines, **extra) -> PriceBreakdown:
    return PriceBreakdown(
        item_type=item_type,
        description=description,
        quantity=quantity,
        unit=unit,
        lines=tuple(lines),
        **extra,
    )


def _time_breakdown(context, *, item_type, label, entry, raw, people, allowances):
    if entry is None:  # no price: free
        return _breakdown(item_type, label, hours_of(int(raw)), Unit.HOUR, [], pricing={})
    lines, uses, billed = time_lines(
        label=label,
        pricing=context.pricing(entry.vat_rate),
        hourly_rate=entry.hourly_rate,
        minimum_charge=entry.minimum_charge,
        step=entry.rounding_minutes,
        mode=entry.rounding_mode,
        raw_minutes=raw,
        people=people,
        allowances=allowances,
    )
    return _breakdown(
        item_type,
        label,
        hours_of(billed),
        Unit.HOUR,
        lines,
        billed_minutes=billed,
        uses=tuple(uses),
        pricing={
            "entry": _describe_entry(entry),
            "hourly_rate": str(entry.hourly_rate),
            "minimum_charge": str(entry.minimum_charge),
            "rounding_minutes": entry.rounding_minutes,
            "rounding_mode": entry.rounding_mode,
            "raw_minutes": str(raw),
            "billed_minutes": billed,
            "people": people,
            "include_tax": context.include_tax,
        },
    )


def _machine_time(context, machine, *, minutes, start, end, **_ignored):
    raw = _duration(minutes, start, end)
    plan_ids = member_plan_ids(member=context.member, day=context.day)
    entry = price_lookup.machine_price_at(
        machine=machine, day=context.day, member_group_id=context.group_id, plan_ids=plan_ids
    )
    allowances = []
    if entry is not None:
        allowances = machine_allowances(
            member=context.member, machine=machine, day=context.day, lock=context.lock
        )
    return _time_breakdown(
        context,
        item_type=ItemType.MACHINE_TIME,
        label=_("Machine time: %(machine)s") % {"machine": machine.name},
        entry=entry,
        raw=raw,
        people=1,
        allowances=allowances,
    )


def _space(context, space, *, minutes, start, end, people, **_ignored):
    raw = _duration(minutes, start, end)
    plan_ids = member_plan_ids(member=context.member, day=context.day)
    entry = price_lookup.space_price_at(
        space=space, day=context.day, member_group_id=context.group_id, plan_ids=plan_ids
    )
    return _time_breakdown(
        context,
        item_type=ItemType.SPACE,
        label=_("Space: %(space)s") % {"space": space.name},
        entry=entry,
        raw=raw,
        people=people if entry is not None and entry.per_person else 1,
        allowances=(),
    )


def _fixed(
    context,
    *,
    item_type,
    description,
    quantity,
    unit,
    unit_price,
    vat_rate,
    gross=None,
    pricing=None,
):
    line = context.pricing(vat_rate).line(
        kind=LineKind.PAID,
        description=description,
        quantity=quantity,
        unit=unit,
        unit_price=unit_price,
        gross=gross,
    )
    lines = [line] if line.amount_incl_tax > 0 else []
    return _breakdown(item_type, description, quantity, unit, lines, pricing=pricing or {})


def _no_price(what) -> Invalid:
    return Invalid(
        _("%(what)s has no price for this member on this day.") % {"what": what}, code="no_price"
    )


def _item(context, item, *, quantity, **_ignored):
    entry = price_lookup.item_price_at(item=item, day=context.day, member_group_id=context.group_id)
    if entry is None:
        raise _no_price(item.name)
    label = item.name if not item.unit_label else f"{item.name} ({item.unit_label})"
    return _fixed(
        context,
        item_type=item.item_type,
        description=label,
        quantity=quantity,
        unit=item.unit,
        unit_price=entry.unit_price,
        vat_rate=item.vat_rate,
        pricing={"entry": _describe_entry(entry), "unit_price": str(entry.unit_price)},
    )


def _plan(context, plan, **_ignored):
    entry = price_lookup.plan_price_at(plan=plan, day=context.day, member_group_id=context.group_id)
    if entry is None:
        raise _no_price(plan.name)
    return _fixed(
        context,
        item_type=ItemType.MEMBERSHIP,
        description=_("Membership: %(plan)s") % {"plan": plan.name},
        quantity=Decimal(1),
        unit=Unit.PERIOD,
        unit_price=entry.amount,
        vat_rate=plan.vat_rate,
        pricing={"entry": _describe_entry(entry), "amount": str(entry.amount)},
    )


def _pack(context, pack, **_ignored):
    entry = price_lookup.pack_price_at(pack=pack, day=context.day, member_group_id=context.group_id)
    if entry is None:
        raise _no_price(pack.name)
    return _fixed(
        context,
        item_type=ItemType.PACK,
        description=_("Prepaid hours: %(pack)s (%(hours)s h)")
        % {"pack": pack.name, "hours": pack.hours},
        quantity=Decimal(1),
        unit=Unit.UNIT,
        unit_price=entry.amount,
        vat_rate=pack.vat_rate,
        pricing={"entry": _describe_entry(entry), "amount": str(entry.amount)},
    )


def _enrolment(context, enrolment, **_ignored):
    session = enrolment.session
    day = timezone.localtime(session.starts_at, context.lab.tzinfo).date()
    return _fixed(
        context,
        item_type=ItemType.TRAINING,
        description=_("Training: %(training)s, %(day)s")
        % {"training": session.training.title, "day": day.isoformat()},
        quantity=Decimal(1),
        unit=Unit.SEAT,
        unit_price=enrolment.price or ZERO,
        vat_rate=None,
    )


def _registration(context, registration, **_ignored):
    event = registration.event or registration.series
    return _fixed(
        context,
        item_type=ItemType.EVENT,
        description=_("Event: %(event)s") % {"event": event.title},
        quantity=Decimal(registration.seats),
        unit=Unit.SEAT,
        unit_price=registration.unit_price,
        gross=registration.price,
        vat_rate=None,
    )


def _print_job(context, job, **_ignored):
    price = job.approved_price if job.approved_price is not None else job.quoted_price
    if price is None:
        raise _no_price(job.reference)
    return _fixed(
        context,
        item_type=ItemType.PRINT,
        description=_("Print job %(reference)s") % {"reference": job.reference},
        quantity=Decimal(1),
        unit=Unit.UNIT,
        unit_price=price,
        vat_rate=None,
    )


def _ad_hoc(context, item_type, description, quantity, unit_price, target, vat_rate):
    if not description and target is None:
        raise Invalid(_("Describe what is sold."), code="description_missing", field="description")
    return _fixed(
        context,
        item_type=ItemType(item_type),
        description=description or str(target),
        quantity=quantity,
        unit=getattr(target, "unit", Unit.UNIT),
        unit_price=unit_price,
        vat_rate=vat_rate if vat_rate is not None else getattr(target, "vat_rate", None),
        pricing={"ad_hoc": True, "unit_price": str(unit_price)},
    )


PRICERS = {
    ItemType.MACHINE_TIME: _machine_time,
    ItemType.SPACE: _space,
    ItemType.MATERIAL: _item,
    ItemType.OTHER: _item,
    ItemType.MEMBERSHIP: _plan,
    ItemType.PACK: _pack,
    ItemType.TRAINING: _enrolment,
    ItemType.EVENT: _registration,
    ItemType.PRINT: _print_job,
}
