"""The demo lab's money: price lists per member group, two plans, a year of invoices with
credit notes and payments of every kind, wallet top-ups, one month closed with its archive;
all of it verifies, and its FEC balances."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from fabdesk.billing.archives import verify_archives
from fabdesk.billing.fec import fec_entries
from fabdesk.billing.models import (
    ClosedPeriod,
    Invoice,
    ItemPrice,
    MachinePrice,
    Payment,
    Plan,
    SpacePrice,
    Subscription,
    WalletMovement,
)
from fabdesk.billing.verify import verify_invoices
from fabdesk.core.models import Lab
from fabdesk.core.timeutils import lab_today


@pytest.fixture
def demo_lab(db):
    call_command("demo", stdout=StringIO())
    return Lab.objects.get(slug="demo")


def test_the_demo_prices_per_member_group_and_two_plans(demo_lab):
    laser = MachinePrice.objects.filter(lab=demo_lab, category__slug="decoupe-laser", plan=None)
    assert {p.member_group.slug if p.member_group else None for p in laser} == {
        None, "tarif-reduit", "entreprise", "association"
    }  # fmt: skip
    assert MachinePrice.objects.filter(lab=demo_lab, plan__slug="annuelle").exists()
    assert SpacePrice.objects.filter(lab=demo_lab).count() == 4
    assert ItemPrice.objects.filter(lab=demo_lab).count() >= 6
    plans = Plan.objects.filter(lab=demo_lab).order_by("position")
    assert [(p.name, p.period, p.included_hours) for p in plans] == [
        ("Adhésion mensuelle Maker", "month", Decimal("4")),
        ("Adhésion annuelle", "year", Decimal("0")),
    ]
    assert plans[0].prices.count() == 4


def test_the_demo_sells_for_a_year(demo_lab):
    invoices = Invoice.objects.filter(lab=demo_lab)
    today = lab_today(demo_lab.tzinfo)
    months = {(d.year, d.month) for d in invoices.values_list("issue_date", flat=True)}
    assert len(months) >= 12 and invoices.filter(issue_date__lt=today - dt.timedelta(days=330))
    assert invoices.filter(kind="credit_note").count() >= 2
    methods = set(Payment.objects.filter(lab=demo_lab).values_list("method", flat=True))
    assert {"cash", "card", "cheque", "transfer", "wallet"} <= methods
    assert invoices.filter(kind="invoice", status="unpaid").exists()
    assert WalletMovement.objects.filter(wallet__lab=demo_lab, kind="top_up").exists()
    lea = Subscription.objects.get(member__email="membre@fablab-demo.test")
    assert (lea.plan.slug, lea.status) == ("annuelle", "active")
    numbers = list(
        invoices.filter(kind="invoice").order_by("issued_at").values_list("number", flat=True)
    )
    assert numbers == sorted(numbers)  # numbers follow the days


def test_the_demo_closed_a_month_and_everything_verifies(demo_lab):
    closed = ClosedPeriod.objects.get(lab=demo_lab)
    first = Invoice.objects.filter(lab=demo_lab).order_by("issue_date").first()
    assert (closed.kind, closed.start) == ("month", first.issue_date.replace(day=1))
    assert closed.invoice_count > 0 and closed.archive
    assert verify_invoices(lab=demo_lab).problem is None
    assert verify_archives(lab=demo_lab).count == 1
    assert verify_archives(lab=demo_lab).problem is None


def test_the_demo_fec_balances(demo_lab):
    today = lab_today(demo_lab.tzinfo)
    entries = fec_entries(lab=demo_lab, start=today - dt.timedelta(days=400), end=today)
    assert len(entries) > 100
    journals = defaultdict(int)
    for entry in entries:
        assert entry.balanced, entry.number
        journals[entry.journal[0]] += 1
    assert {"VE", "BQ", "CA", "OD"} <= set(journals)
