"""Issuing back-dated invoices in tests of closings, archives, exports and the dashboard."""

import datetime as dt
from decimal import Decimal

from fabdesk.billing.invoice_services import invoice_issue
from fabdesk.billing.payment_services import PaymentIn


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 11, 0, tzinfo=dt.UTC)


def invoice_on(day: dt.date, *, staff, lab, charges, method: str | None = "cash"):
    """An invoice of `charges` issued on `day`, paid in full by `method` (None: unpaid)."""
    total = sum((charge.total_incl_tax for charge in charges), Decimal(0))
    payments = [PaymentIn(method, total, received_at=noon(day))] if method else []
    return invoice_issue(
        actor=staff,
        lab=lab,
        charges=charges,
        payments=payments,
        allow_unpaid=method is None,
        at=noon(day),
    )
