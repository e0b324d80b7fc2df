"""Properties of the pricing arithmetic (hypothesis): charges never negative, membership
then prepaid minutes used before paid ones, durations rounded as configured (per started
step, per completed step in the member's favour, to the nearest), each line's amounts adding
up and a breakdown's totals equal to the sum of its lines to the cent."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from fabdesk.billing.allowances import Allowance
from fabdesk.billing.amounts import amounts_of, minutes_rounded
from fabdesk.billing.choices import LineKind, RoundingMode
from fabdesk.billing.models import Pack, PackPurchase, Plan, Subscription
from fabdesk.billing.pricing import PriceBreakdown, Pricing, time_lines

money = st.decimals(min_value=0, max_value=500, places=2)
rates = st.sampled_from([Decimal("0"), Decimal("5.5"), Decimal("10"), Decimal("20")])
modes = st.sampled_from(list(RoundingMode))
steps = st.sampled_from([1, 5, 10, 15, 30, 60])
durations = st.decimals(min_value=Decimal("0.5"), max_value=2000, places=2)
allowance_minutes = st.lists(st.integers(min_value=0, max_value=600), max_size=4)


def allowances_of(minutes: list[int], plans: int) -> list[Allowance]:
    found = []
    for n, left in enumerate(minutes):
        if n < plans:
            source = Subscription(plan=Plan(name=f"Plan {n}"))
        else:
            source = PackPurchase(pack=Pack(name=f"Pack {n}"))
        found.append(Allowance(source, left))
    return found


@settings(max_examples=300, deadline=None)
@given(raw=durations, step=steps, mode=modes)
def test_durations_are_rounded_as_configured(raw, step, mode):
    billed = minutes_rounded(raw, step=step, mode=mode)
    assert billed % step == 0
    if mode == RoundingMode.UP:
        assert raw <= billed < raw + step
    elif mode == RoundingMode.DOWN:
        assert raw - step < billed <= raw  # never more than what was used
    else:
        assert abs(billed - raw) <= Decimal(step) / 2


@settings(max_examples=300, deadline=None)
@given(gross=money, unit=money, rate=rates, include=st.booleans())
def test_a_lines_amounts_add_up_and_are_never_negative(gross, unit, rate, include):
    amounts = amounts_of(gross=gross, unit_price=unit, vat_rate=rate, include_tax=include)
    assert amounts.excl_tax + amounts.vat == amounts.incl_tax
    assert min(amounts.excl_tax, amounts.vat, amounts.incl_tax, amounts.unit_price) >= 0
    assert (amounts.incl_tax if include else amounts.excl_tax) == gross
    assert abs(amounts.excl_tax * rate / 100 - amounts.vat) <= Decimal("0.01")


@settings(max_examples=400, deadline=None)
@given(
    raw=durations,
    step=steps,
    mode=modes,
    rate=money,
    minimum=money,
    vat=rates,
    include=st.booleans(),
    people=st.integers(min_value=1, max_value=6),
    left=allowance_minutes,
    plans=st.integers(min_value=0, max_value=4),
)
def test_time_charges(raw, step, mode, rate, minimum, vat, include, people, left, plans):
    allowances = allowances_of(left, plans)
    lines, uses, billed = time_lines(
        label="Laser",
        pricing=Pricing(include_tax=include, vat_rate=vat),
        hourly_rate=rate,
        minimum_charge=minimum,
        step=step,
        mode=mode,
        raw_minutes=raw,
        people=people,
        allowances=allowances,
    )
    breakdown = PriceBreakdown("machine_time", "Laser", Decimal(1), "hour", tuple(lines))
    # never negative
    for line in lines:
        assert line.quantity > 0
        assert min(line.amount_excl_tax, line.vat_amount, line.amount_incl_tax) >= 0
        assert line.amount_excl_tax + line.vat_amount == line.amount_incl_tax
    # totals are the sums of the lines, to the cent
    assert breakdown.total_incl_tax == sum(line.amount_incl_tax for line in lines)
    assert breakdown.total_excl_tax + breakdown.total_vat == breakdown.total_incl_tax
    assert breakdown.total_incl_tax.as_tuple().exponent >= -2
    # included then prepaid minutes first, in the order given, then paid ones
    free_minutes = sum(minutes for _source, minutes in uses)
    assert free_minutes == min(billed, sum(left))
    assert breakdown.paid_minutes == billed - free_minutes
    kinds = [line.kind for line in lines]
    assert kinds == sorted(
        kinds, key=[LineKind.PLAN, LineKind.PACK, LineKind.PAID, LineKind.MINIMUM].index
    )
    taken = [minutes for _source, minutes in uses]
    expected, remaining = [], billed
    for allowance in allowances:
        used = min(remaining, allowance.minutes_left)
        if used > 0:
            expected.append(used)
            remaining -= used
    assert taken == expected
    for line in lines:
        if line.kind in (LineKind.PLAN, LineKind.PACK):
            assert line.amount_incl_tax == 0
    # the paid part is at least the minimum charge (when something is paid)
    paid = sum(
        (line.amount_incl_tax if include else line.amount_excl_tax)
        for line in lines
        if line.kind in (LineKind.PAID, LineKind.MINIMUM)
    )
    if breakdown.paid_minutes:
        assert paid >= minimum
    else:
        assert paid == 0
