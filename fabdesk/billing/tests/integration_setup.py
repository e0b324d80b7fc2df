"""Helpers of the integration tests (charges made from bookings, enrolments, registrations
and print jobs)."""

from decimal import Decimal

from fabdesk.billing.choices import ChargeStatus
from fabdesk.billing.invoice_services import invoice_issue
from fabdesk.billing.models import Charge
from fabdesk.billing.payment_services import PaymentIn
from fabdesk.billing.selectors import accounting_settings_get, charges_for_source


def charges_of(source) -> list[Charge]:
    return list(charges_for_source(source).order_by("pk"))


def live_charge(source) -> Charge | None:
    return charges_for_source(source).exclude(status=ChargeStatus.CANCELLED).first()


def paid(lab, staff, charge: Charge, method: str = "card"):
    """The charge invoiced and paid at the desk."""
    return invoice_issue(actor=staff, lab=lab, charges=[charge],
                         payments=[PaymentIn(method, charge.total_incl_tax)])  # fmt: skip


def refund_rule(lab, rule: str, percentage: str = "0") -> None:
    settings = accounting_settings_get(lab=lab)
    settings.refund_rule, settings.refund_percentage = rule, Decimal(percentage)
    settings.save()
