"""What a print costs: material + machine time at the member's group rate + a handling fee,
at least the lab's minimum price. Decimal only; None when the lab has set no print prices."""

from dataclasses import dataclass
from decimal import Decimal

from fabdesk.core.money import money_round

from .models import GroupPrintRate, PrintSettings


@dataclass(frozen=True)
class Price:
    material: Decimal
    machine_time: Decimal
    handling_fee: Decimal
    total: Decimal
    hourly_rate: Decimal


def print_settings_for(lab) -> PrintSettings | None:
    return PrintSettings.objects.filter(lab=lab).first()


def hourly_rate_for(settings: PrintSettings, member=None) -> Decimal:
    """The member's group rate when the lab set one, else the lab's."""
    group_id = getattr(member, "member_group_id", None)
    if group_id is not None:
        rate = (
            GroupPrintRate.objects.filter(settings=settings, group_id=group_id)
            .values_list("hourly_rate", flat=True)
            .first()
        )
        if rate is not None:
            return rate
    return settings.hourly_rate


def print_price(
    *,
    settings: PrintSettings | None,
    grams: float,
    seconds: int,
    price_per_kg: Decimal | None,
    quantity: int = 1,
    member=None,
) -> Price | None:
    """The price of `quantity` pieces of `grams` and `seconds` each; None without settings
    or without a material price."""
    if settings is None or price_per_kg is None:
        return None
    rate = hourly_rate_for(settings, member)
    grams_d = Decimal(str(round(grams, 3)))
    hours = Decimal(int(seconds)) / Decimal(3600)
    material = money_round(grams_d * price_per_kg / 1000 * quantity)
    machine_time = money_round(hours * rate * quantity)
    fee = money_round(settings.handling_fee)
    total = max(material + machine_time + fee, money_round(settings.minimum_price))
    return Price(material, machine_time, fee, money_round(total), rate)
