"""Numbers on billing pages and PDFs, in the reader's locale: quantities without trailing
zeros, unit prices to the tenth of a cent when they need it, VAT rates as percentages."""

from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from django import template
from django.utils.translation import get_language, to_locale

register = template.Library()


def _locale() -> str:
    return to_locale(get_language() or "en")


@register.filter
def quantity(value) -> str:
    """12.5000 → "12.5" (or "12,5" in French)."""
    number = Decimal(value)
    return format_decimal(number, format="#,##0.####", locale=_locale())


@register.simple_tag
def unit_price(value, currency: str) -> str:
    """A unit price: two decimals, up to four when the price has them (0.0417 €/g)."""
    number = Decimal(value).quantize(Decimal("0.0001")).normalize()
    return format_currency(number, currency, locale=_locale(), decimal_quantization=False)


@register.filter
def vat_rate(value) -> str:
    """20.00 → "20 %", 5.50 → "5.5 %"."""
    return format_decimal(Decimal(value), format="#,##0.##", locale=_locale()) + "\u00a0%"


@register.filter
def hours_minutes(minutes) -> str:
    """150 → "2 h 30", 120 → "2 h"."""
    hours, rest = divmod(int(minutes or 0), 60)
    return f"{hours}\u00a0h\u00a0{rest:02d}" if rest else f"{hours}\u00a0h"
