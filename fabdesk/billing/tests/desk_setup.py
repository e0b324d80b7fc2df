"""Shared set-up of the desk, invoice-page, PDF and API tests: a lab with its legal ids,
charges to sell, and invoices issued the way the desk issues them."""

import datetime as dt
from decimal import Decimal

from fabdesk.billing.charge_services import charge_create
from fabdesk.billing.invoice_services import invoice_issue
from fabdesk.billing.payment_services import PaymentIn

AT = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


def with_legal_ids(lab):
    lab.legal_name = "Association Fablab Test"
    lab.address_line1, lab.postal_code, lab.city = "1 rue des Ateliers", "69001", "Lyon"
    lab.siret = "12345678900012"
    lab.vat_number = "FR12345678901"
    lab.rna = "W691234567"
    lab.ape_code = "9499Z"
    lab.legal_form = "Association loi 1901"
    lab.save()
    return lab


def pending(staff, member, description="Contreplaqué 3 mm", price="12.00", quantity=1, **kw):
    """A pending charge of `member` (an ad-hoc sale by staff)."""
    return charge_create(
        actor=staff,
        lab=member.lab,
        member=member,
        item_type=kw.pop("item_type", "material"),
        description=description,
        unit_price=Decimal(price),
        quantity=Decimal(quantity),
        **kw,
    )


def issued(staff, member, price="12.00", paid: str | None = None, **kw):
    """An invoice of one charge, paid in cash (`paid`: that much only, the rest due)."""
    charge = pending(staff, member, price=price, **kw)
    amount = Decimal(paid if paid is not None else charge.total_incl_tax)
    payments = [PaymentIn("cash", amount)] if amount > 0 else []
    return invoice_issue(
        actor=staff,
        lab=member.lab,
        charges=[charge],
        payments=payments,
        allow_unpaid=paid is not None,
        at=kw.get("at"),
    )
