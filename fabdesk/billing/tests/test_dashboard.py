"""The money dashboard: revenue by month, item type and payment method, what is owed, the
memberships; its CSV and XLSX exports; the same number of queries however much there is."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from fabdesk.billing.credit_notes import credit_note_issue
from fabdesk.billing.dashboard import dashboard_get
from fabdesk.billing.wallet_services import wallet_top_up
from fabdesk.core.timeutils import lab_today

from .factories import PlanFactory, SubscriptionFactory
from .issued import invoice_on, noon

TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def sales(legal_lab, member, other_member, staff, sell):
    """March: 30 of machine time (cash) and 9 of material (card), 12 credited to the wallet;
    May: 7.20 of print unpaid; one charge of 4 still to pay; a top-up of 50."""
    first = invoice_on(dt.date(2026, 3, 10), staff=staff, lab=legal_lab,
                       charges=[sell(member, "Laser", "30", item_type="machine_time")])  # fmt: skip
    invoice_on(dt.date(2026, 3, 12), staff=staff, lab=legal_lab,
               charges=[sell(member, "Bois", "9")], method="card")  # fmt: skip
    credit_note_issue(
        actor=staff, invoice=first, amount=Decimal("12"), at=noon(dt.date(2026, 3, 20))
    )
    printed = sell(other_member, "Impression", "7.20", item_type="print")
    invoice_on(dt.date(2026, 5, 5), staff=staff, lab=legal_lab, charges=[printed], method=None)
    sell(other_member, "Café", "4")
    wallet_top_up(actor=staff, member=member, amount=Decimal("50"), method="cash")
    plan = PlanFactory(lab=legal_lab, name="Adhésion annuelle")
    SubscriptionFactory(
        plan=plan, member=member, starts_on=dt.date(2025, 7, 15), ends_on=dt.date(2026, 7, 14)
    )
    SubscriptionFactory(
        plan=plan, member=other_member, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31)
    )
    return legal_lab


def test_revenue_by_month_over_twelve_months(sales):
    table = dashboard_get(lab=sales, start=dt.date(2026, 1, 1), end=TODAY, today=TODAY).table(
        "revenue_by_month"
    )
    months = [row[0] for row in table.rows]
    assert months[0] == dt.date(2025, 7, 1) and months[-1] == dt.date(2026, 6, 1)
    assert len(months) == 12
    march = table.rows[8]
    assert march == [dt.date(2026, 3, 1), 2, Decimal("22.50"), Decimal("4.50"), Decimal("27.00")]
    assert table.rows[10][4] == Decimal("7.20")
    assert table.footer[1] == 3 and table.footer[4] == Decimal("34.20")


def test_revenue_by_item_type_and_money_by_method(sales):
    data = dashboard_get(
        lab=sales, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), today=TODAY
    )
    by_type = {row[0]: row[1:] for row in data.table("revenue_by_item_type").rows}
    assert by_type == {
        "Machine time": [Decimal("15.00"), Decimal("3.00"), Decimal("18.00")],
        "Material": [Decimal("7.50"), Decimal("1.50"), Decimal("9.00")],
    }
    by_method = {row[0]: row[1:] for row in data.table("money_by_method").rows}
    assert by_method["Cash"] == [1, Decimal("30.00"), Decimal("0.00"), Decimal("30.00")]
    assert by_method["Card terminal"] == [1, Decimal("9.00"), Decimal("0.00"), Decimal("9.00")]
    today = lab_today(sales.tzinfo)  # the wallet refund may be dated the day it was made
    data = dashboard_get(lab=sales, start=dt.date(2026, 3, 1), end=today, today=today)
    by_method = {row[0]: row[1:] for row in data.table("money_by_method").rows}
    assert by_method["Wallet"] == [0, Decimal("0.00"), Decimal("12.00"), Decimal("-12.00")]
    assert data.table("money_by_method").footer[2:] == [
        Decimal("39.00"), Decimal("12.00"), Decimal("27.00")
    ]  # fmt: skip


def test_what_is_owed_and_the_memberships(sales):
    data = dashboard_get(lab=sales, start=dt.date(2026, 1, 1), end=TODAY, today=TODAY)
    owed = data.table("unpaid").rows
    assert owed[0][1:] == [1, Decimal("4.00"), lab_today(sales.tzinfo)]
    assert owed[1][1:] == [1, Decimal("7.20"), dt.date(2026, 5, 5)]
    assert owed[2][1:3] == [1, Decimal("62.00")]  # 50 topped up and 12 refunded
    assert data.table("subscriptions").rows == [["Adhésion annuelle", 2, 1]]


def test_the_page_and_its_exports(staff_client, sales):
    page = staff_client.get("/billing/dashboard/", {"start": "2026-03-01", "end": "2026-03-31"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Net revenue by item type" in text and "Machine time" in text
    response = staff_client.get(
        "/billing/dashboard/export.csv",
        {"table": "revenue_by_item_type", "start": "2026-03-01", "end": "2026-03-31"},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Item type", "Excl. VAT", "VAT", "Incl. VAT"],
        ["Machine time", "15.00", "3.00", "18.00"],
        ["Material", "7.50", "1.50", "9.00"],
        ["Total", "22.50", "4.50", "27.00"],
    ]
    assert staff_client.get("/billing/dashboard/export.csv", {"table": "nope"}).status_code == 404
    xlsx = staff_client.get(
        "/billing/dashboard/export.xlsx", {"start": "2026-03-01", "end": "2026-03-31"}
    )
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == [
        "Net revenue by month", "Net revenue by item type", "Money by payment method",
        "What is owed", "Memberships",
    ]  # fmt: skip
    sheet = workbook["Net revenue by item type"]
    assert [cell.value for cell in sheet[2]] == ["Machine time", 15, 3, 18]
    assert sheet["B2"].number_format == "#,##0.00"


def test_a_bad_period_falls_back_to_the_year_to_date(staff_client, sales):
    page = staff_client.get("/billing/dashboard/", {"start": "2026-05-01", "end": "2026-04-01"})
    assert page.status_code == 200 and "The end is before the start." in page.content.decode()


def test_members_cannot_see_the_dashboard(member_client):
    assert member_client.get("/billing/dashboard/").status_code == 403
    assert member_client.get("/billing/dashboard/export.xlsx").status_code == 403


def test_the_page_costs_the_same_queries_with_more_sales(
    staff_client, sales, member, staff, sell, django_assert_max_num_queries
):
    staff_client.get("/billing/dashboard/")  # sessions, lab, settings warmed up
    with django_assert_max_num_queries(24) as few:
        staff_client.get("/billing/dashboard/")
    for day in range(1, 15):
        invoice_on(dt.date(2026, 4, day), staff=staff, lab=sales, charges=[sell(member)],
                   method=("cash", "card", "transfer", None)[day % 4])  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get("/billing/dashboard/")
