"""Money: Decimal only, one rounding rule, formatted in the reader's locale."""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency
from django.utils.translation import get_language, to_locale

CENT = Decimal("0.01")


def money_round(amount: Decimal | int | str) -> Decimal:
    """Round to the cent, half up (the rule French invoices use)."""
    if isinstance(amount, float):
        raise TypeError("money is never a float; pass a Decimal or a string")
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def money_format(amount: Decimal, currency: str, language: str | None = None) -> str:
    locale = to_locale(language or get_language() or "en")
    return format_currency(money_round(amount), currency, locale=locale)
