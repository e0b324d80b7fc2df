"""The arithmetic of a priced line: durations rounded by step, a gross amount split into
excluding-VAT, VAT and including-VAT amounts to the cent (core.money's half-up rounding), so
that a line's three amounts always add up and a total is the sum of its lines."""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from fabdesk.core.money import money_round

from .choices import RoundingMode

HUNDRED = Decimal(100)
SIXTY = Decimal(60)
QUANTITY_STEP = Decimal("0.0001")


def minutes_rounded(minutes: Decimal | int, *, step: int, mode: str) -> int:
    """`minutes` rounded to a whole number of `step`s: per started step (up), per completed
    step (down, in the member's favour) or to the nearest step (halves up)."""
    if minutes <= 0:
        return 0
    steps = Decimal(minutes) / step
    if mode == RoundingMode.UP:
        count = math.ceil(steps)
    elif mode == RoundingMode.DOWN:
        count = math.floor(steps)
    else:
        count = int(steps.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return count * step


def hours_of(minutes: int) -> Decimal:
    """Minutes as hours with four decimals (what a line's quantity shows)."""
    return (Decimal(minutes) / SIXTY).quantize(QUANTITY_STEP, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Amounts:
    unit_price: Decimal  # excluding VAT, four decimals
    excl_tax: Decimal
    vat: Decimal
    incl_tax: Decimal


def amounts_of(
    *, gross: Decimal, unit_price: Decimal, vat_rate: Decimal, include_tax: bool
) -> Amounts:
    """Split a line's `gross` amount (as priced: VAT included or not) and its unit price.
    VAT included: the VAT is what remains of the rounded amount excluding VAT; not included:
    the VAT is rounded on its own. Either way excl_tax + vat == incl_tax exactly."""
    if gross < 0 or unit_price < 0:
        raise ValueError("amounts are never negative")
    gross = money_round(gross)
    factor = 1 + Decimal(vat_rate) / HUNDRED
    if include_tax:
        incl = gross
        excl = money_round(incl / factor)
        unit_excl = (Decimal(unit_price) / factor).quantize(QUANTITY_STEP, ROUND_HALF_UP)
    else:
        excl = gross
        incl = excl + money_round(excl * Decimal(vat_rate) / HUNDRED)
        unit_excl = Decimal(unit_price).quantize(QUANTITY_STEP, ROUND_HALF_UP)
    return Amounts(unit_price=unit_excl, excl_tax=excl, vat=incl - excl, incl_tax=incl)
