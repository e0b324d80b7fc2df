"""Invoice numbers without gaps or duplicates: the lab's AccountingSettings row is locked for
the whole issuing transaction (lab_lock), so invoices and credit notes of a lab are issued
one at a time; the counter of the series gives the next number, and a rolled-back issue
rolls its number back with it (ADR 0013)."""

from datetime import date

from django.db import transaction

from .selectors import accounting_settings_get
from .settings_models import AccountingSettings, InvoiceCounter


def lab_lock(*, lab) -> AccountingSettings:
    """Lock the lab's billing until the transaction ends; returns its settings."""
    assert transaction.get_connection().in_atomic_block, "lab_lock needs a transaction"
    accounting_settings_get(lab=lab)
    return AccountingSettings.objects.select_for_update(of=("self",)).get(lab=lab)


def number_next(*, settings: AccountingSettings, kind: str, day: date) -> str:
    """The next number of the series `kind` on `day` (call under lab_lock)."""
    pattern = settings.number_pattern(kind)
    year = day.year if "{year" in pattern else 0
    counter, _created = InvoiceCounter.objects.get_or_create(
        lab_id=settings.lab_id, kind=kind, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return pattern.format(year=day.year, month=day.month, seq=counter.last_number)
