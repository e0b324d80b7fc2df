"""What a print job costs, from its files' figures: for each file the material and machine
time of its copies (the chosen material, the requester's group rate), then one handling fee
for the job, at least the lab's minimum price. Decimal only; no total when the lab has set no
print prices or a file has no figures yet."""

from dataclasses import dataclass, field
from decimal import Decimal

from fabdesk.core.money import money_round

from .models import Material, PrintFile, SliceStatus
from .pricing import print_price, print_settings_for

SLICING = (SliceStatus.PENDING, SliceStatus.RUNNING)


@dataclass
class FileLine:
    print_file: PrintFile
    grams: float | None  # one copy
    seconds: int | None  # one copy
    price: Decimal | None  # all copies, material + machine time
    exact: bool  # the slicer's figures, not the estimate

    @property
    def slicing(self) -> bool:
        return self.print_file.slice_status in SLICING


@dataclass
class JobQuote:
    lines: list[FileLine] = field(default_factory=list)
    handling_fee: Decimal | None = None
    minimum_price: Decimal | None = None
    total: Decimal | None = None
    currency: str = "EUR"

    @property
    def minimum_applies(self) -> bool:
        return self.total is not None and self.total == self.minimum_price

    @property
    def slicing(self) -> bool:
        return any(line.slicing for line in self.lines)


def file_grams(print_file: PrintFile, material: Material | None) -> float | None:
    """Grams of one copy in `material` (the filament volume does not depend on it)."""
    quote = print_file.quote or {}
    volume = quote.get("filament_mm3")
    if volume is not None and material is not None:
        return round(float(volume) / 1000 * float(material.density_g_cm3), 2)
    grams = quote.get("filament_g")
    return float(grams) if grams is not None else None


def job_quote(*, lab, files: list[PrintFile], material: Material | None, member=None) -> JobQuote:
    settings = print_settings_for(lab)
    quote = JobQuote(currency=lab.currency)
    subtotal = Decimal("0")
    complete = settings is not None and material is not None
    for print_file in files:
        figures = print_file.quote or {}
        grams = file_grams(print_file, material)
        seconds = figures.get("print_time_s")
        price = None
        if complete and grams is not None and seconds is not None:
            parts = print_price(
                settings=settings,
                grams=grams,
                seconds=int(seconds),
                price_per_kg=material.price_per_kg,
                quantity=print_file.quantity,
                member=member,
            )
            price = parts.material + parts.machine_time
            subtotal += price
        else:
            complete = False
        quote.lines.append(
            FileLine(
                print_file=print_file,
                grams=grams,
                seconds=int(seconds) if seconds is not None else None,
                price=price,
                exact=figures.get("method") == "slicer",
            )
        )
    if settings is not None:
        quote.handling_fee = money_round(settings.handling_fee)
        quote.minimum_price = money_round(settings.minimum_price)
    if complete and files:
        quote.total = money_round(max(subtotal + quote.handling_fee, quote.minimum_price))
    return quote
