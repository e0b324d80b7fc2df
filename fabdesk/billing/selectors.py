"""Reads of billing with their joins done, for pages, the API and other apps."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet

from .charge_models import Charge
from .choices import ChargeStatus
from .invoice_models import Invoice
from .period_models import ClosedPeriod
from .settings_models import AccountingSettings


def accounting_settings_get(*, lab) -> AccountingSettings:
    """The lab's accounting settings, created with the defaults on first use."""
    found = AccountingSettings.objects.filter(lab=lab).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return AccountingSettings.objects.create(lab=lab)
    except IntegrityError:  # created meanwhile by a concurrent request
        return AccountingSettings.objects.get(lab=lab)


def period_closed_on(*, lab, day: date) -> ClosedPeriod | None:
    return ClosedPeriod.objects.filter(lab=lab, start__lte=day, end__gte=day).first()


def charges_for_source(source: Model) -> QuerySet[Charge]:
    return Charge.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk
    ).prefetch_related("lines")


def member_charges(*, member, status: str | None = None) -> QuerySet[Charge]:
    charges = Charge.objects.filter(member=member).prefetch_related("lines")
    if status:
        charges = charges.filter(status=status)
    return charges


def member_unpaid_charges(*, member) -> QuerySet[Charge]:
    return member_charges(member=member).filter(
        status__in=[ChargeStatus.PENDING, ChargeStatus.IN_CART]
    )


def member_invoices(*, member) -> QuerySet[Invoice]:
    return Invoice.objects.filter(buyer_member=member).select_related("credited_invoice")


def lab_invoices(*, lab) -> QuerySet[Invoice]:
    return Invoice.objects.filter(lab=lab).select_related("buyer_member", "credited_invoice")
