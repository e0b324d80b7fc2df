"""Closing a month or a year: when it may be closed, what it records, that nothing can be
issued or paid into it afterwards, and the staff page that closes it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from fabdesk.billing.choices import CartStatus, InvoiceStatus, PeriodKind
from fabdesk.billing.closing_services import period_close, periods_closable
from fabdesk.billing.credit_notes import credit_note_issue
from fabdesk.billing.invoice_services import invoice_issue
from fabdesk.billing.models import Cart, ClosedPeriod
from fabdesk.billing.payment_services import payment_record
from fabdesk.billing.selectors import accounting_settings_get
from fabdesk.core.errors import Conflict, Forbidden, Invalid

from .issued import invoice_on, noon

MARCH = dt.date(2026, 3, 1)
APRIL = dt.date(2026, 4, 1)


def close(staff, lab, start=MARCH, kind=PeriodKind.MONTH, **extra):
    return period_close(actor=staff, lab=lab, kind=kind, start=start, **extra)


def test_closing_a_month_records_its_totals_and_archive(legal_lab, member, staff, sell):
    invoice_on(dt.date(2026, 2, 27), staff=staff, lab=legal_lab, charges=[sell(member, price="5")])
    invoice = invoice_on(
        dt.date(2026, 3, 10), staff=staff, lab=legal_lab, charges=[sell(member, price="30")]
    )
    credit_note_issue(actor=staff, invoice=invoice, amount=Decimal("6"), at=noon(MARCH))
    invoice_on(dt.date(2026, 4, 2), staff=staff, lab=legal_lab, charges=[sell(member, price="7")])
    close(staff, legal_lab, start=dt.date(2026, 2, 1))
    closed = close(staff, legal_lab)
    assert (closed.start, closed.end) == (MARCH, dt.date(2026, 3, 31))
    assert closed.invoice_count == 2 and closed.closed_by == staff
    assert closed.totals["invoices"] == {
        "count": 1,
        "excl_tax": "25.00",
        "vat": "5.00",
        "incl_tax": "30.00",
    }
    assert closed.totals["credit_notes"]["incl_tax"] == "6.00"
    assert closed.totals["net"]["incl_tax"] == "24.00"
    assert closed.totals["cumulative_net_incl_tax"] == "29.00"  # February's 5 too
    assert len(closed.archive_checksum) == 64 and closed.archive.name.endswith(".zip")


def test_a_month_not_over_cannot_be_closed(legal_lab, staff):
    with pytest.raises(Invalid) as refused:
        close(staff, legal_lab, now=dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC))
    assert refused.value.code == "period_not_over"
    assert "from 2026-04-01" in str(refused.value.message)
    assert close(staff, legal_lab, now=dt.datetime(2026, 4, 1, 8, tzinfo=dt.UTC)).pk


def test_a_period_is_closed_once_and_a_month_of_a_closed_year_is_closed(legal_lab, staff):
    close(staff, legal_lab)
    with pytest.raises(Conflict) as twice:
        close(staff, legal_lab)
    assert twice.value.code == "period_already_closed"
    close(staff, legal_lab, start=dt.date(2025, 1, 1), kind=PeriodKind.YEAR)
    with pytest.raises(Conflict) as inside:
        close(staff, legal_lab, start=dt.date(2025, 6, 1))
    assert inside.value.code == "period_already_closed"


def test_months_are_closed_in_order(legal_lab, member, staff, sell):
    invoice_on(dt.date(2026, 2, 3), staff=staff, lab=legal_lab, charges=[sell(member)])
    with pytest.raises(Conflict) as refused:
        close(staff, legal_lab)
    assert refused.value.code == "earlier_period_open" and "2026-02-03" in refused.value.message
    close(staff, legal_lab, start=dt.date(2026, 2, 1))
    assert close(staff, legal_lab).pk


def test_an_open_desk_checkout_holds_the_closing_back(legal_lab, member, staff):
    cart = Cart.objects.create(lab=legal_lab, member=member, opened_by=staff)
    Cart.objects.filter(pk=cart.pk).update(opened_at=noon(dt.date(2026, 3, 30)))
    with pytest.raises(Conflict) as refused:
        close(staff, legal_lab)
    assert refused.value.code == "carts_open"
    Cart.objects.filter(pk=cart.pk).update(status=CartStatus.ABANDONED)
    assert close(staff, legal_lab).pk


def test_unpaid_invoices_do_not_hold_the_closing_back_and_are_paid_later(
    legal_lab, member, staff, sell
):
    invoice = invoice_on(
        dt.date(2026, 3, 12), staff=staff, lab=legal_lab, charges=[sell(member)], method=None
    )
    close(staff, legal_lab)
    payment_record(actor=staff, invoice=invoice, method="transfer", amount=Decimal("12"))
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID


def test_nothing_is_issued_credited_or_paid_into_a_closed_month(legal_lab, member, staff, sell):
    invoice = invoice_on(
        dt.date(2026, 3, 12), staff=staff, lab=legal_lab, charges=[sell(member)], method=None
    )
    close(staff, legal_lab)
    march = noon(dt.date(2026, 3, 20))
    refusals = [
        lambda: invoice_issue(
            actor=staff, lab=legal_lab, charges=[sell(member)], at=march, allow_unpaid=True
        ),
        lambda: credit_note_issue(actor=staff, invoice=invoice, at=march),
        lambda: payment_record(
            actor=staff, invoice=invoice, method="cash", amount=Decimal("12"), received_at=march
        ),
    ]
    for refused_call in refusals:
        with pytest.raises(Conflict) as refused:
            refused_call()
        assert refused.value.code == "period_closed"
    assert invoice_issue(actor=staff, lab=legal_lab, charges=[sell(member)], allow_unpaid=True)


def test_only_staff_close(legal_lab, member):
    with pytest.raises(Forbidden):
        close(member, legal_lab)
    assert not ClosedPeriod.objects.exists()


def test_a_year_follows_the_fiscal_year_of_the_lab(legal_lab, staff):
    settings = accounting_settings_get(lab=legal_lab)
    settings.fiscal_year_start_month = 9
    settings.save()
    with pytest.raises(Invalid):
        close(staff, legal_lab, start=dt.date(2025, 1, 1), kind=PeriodKind.YEAR)
    year = close(staff, legal_lab, start=dt.date(2024, 9, 1), kind=PeriodKind.YEAR)
    assert (year.start, year.end) == (dt.date(2024, 9, 1), dt.date(2025, 8, 31))


def test_the_closable_periods_start_at_the_first_invoice(legal_lab, member, staff, sell):
    invoice_on(dt.date(2025, 11, 5), staff=staff, lab=legal_lab, charges=[sell(member)])
    close(staff, legal_lab, start=dt.date(2025, 11, 1))
    keys = [p.key for p in periods_closable(lab=legal_lab, today=dt.date(2026, 2, 10))]
    assert keys == ["month:2026-01-01", "year:2025-01-01", "month:2025-12-01"]


# The staff page


def test_the_page_lists_closed_periods_and_closes_the_chosen_one(staff_client, legal_lab, staff):
    close(staff, legal_lab)
    page = staff_client.get("/billing/periods/")
    assert page.status_code == 200
    assert "month:2026-04-01" in page.content.decode()
    response = staff_client.post("/billing/periods/close/", {"period": "month:2026-04-01"})
    assert response.status_code == 302
    assert ClosedPeriod.objects.filter(start=APRIL).exists()
    archive = staff_client.get(
        f"/billing/periods/{ClosedPeriod.objects.get(start=APRIL).pk}/archive/"
    )
    assert archive["Content-Type"] == "application/zip"
    assert b"".join(archive.streaming_content)[:2] == b"PK"


def test_the_page_shows_why_a_period_cannot_be_closed(staff_client, legal_lab, member, staff):
    cart = Cart.objects.create(lab=legal_lab, member=member, opened_by=staff)
    last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    Cart.objects.filter(pk=cart.pk).update(opened_at=noon(last_month))
    key = f"month:{last_month.replace(day=1).isoformat()}"
    response = staff_client.post("/billing/periods/close/", {"period": key})
    assert response.status_code == 200
    assert "still open" in response.content.decode()
    assert not ClosedPeriod.objects.exists()


def test_members_cannot_see_the_closing_pages(member_client):
    assert member_client.get("/billing/periods/").status_code == 403
    assert (
        member_client.post("/billing/periods/close/", {"period": "month:2026-03-01"}).status_code
        == 403
    )
