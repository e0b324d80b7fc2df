"""The money dashboard's figures, as tables the page shows and the CSV and XLSX exports
write: net revenue by month over twelve months, revenue by item type and money by payment
method over a chosen period, unpaid charges, unpaid invoices, wallet balances (what the lab
owes its members) and membership subscriptions active or ending soon.

Each table is one or a few aggregate queries, so the page costs the same number of queries
with ten invoices or ten thousand. Revenue is what was invoiced minus what was credited, on
the issue date; money is what was received minus what was refunded, on the day it moved."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, Min, Q, Sum, When
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext as _

from fabdesk.core.money import money_round
from fabdesk.core.timeutils import at_wall_clock

from .charge_models import Charge
from .choices import (
    ChargeStatus,
    InvoiceKind,
    InvoiceStatus,
    ItemType,
    PaymentMethod,
    SubscriptionStatus,
)
from .invoice_models import Invoice, InvoiceLine, Payment
from .plan_models import Subscription
from .wallet_models import Wallet

ZERO = Decimal(0)
MONEY = DecimalField(max_digits=14, decimal_places=2)
EXPIRING_DAYS = 30


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    money_columns: tuple[int, ...] = ()
    footer: list | None = None

    def finish(self, total_label: str | None = None) -> "Table":
        """Amounts to the cent (some databases sum to Decimal("15")); a footer adding up
        the number columns when `total_label` is given."""
        for row in self.rows:
            for column in self.money_columns:
                row[column] = money_round(row[column])
        if total_label is not None:
            self.footer = [total_label] + [""] * (len(self.headers) - 1)
            for column in range(1, len(self.headers)):
                values = [row[column] for row in self.rows]
                if all(isinstance(value, int | Decimal) for value in values):
                    start = ZERO if column in self.money_columns else 0
                    self.footer[column] = sum(values, start)
        return self


def _month_start(day: dt.date, back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def _signed(expression: str, kind_path: str = "kind"):
    """Sum of `expression`, credit notes counted negative."""
    return Coalesce(
        Sum(
            Case(
                When(**{kind_path: InvoiceKind.CREDIT_NOTE}, then=-F(expression)),
                default=F(expression),
                output_field=MONEY,
            )
        ),
        ZERO,
        output_field=MONEY,
    )


def revenue_by_month(*, lab, today: dt.date) -> Table:
    first = _month_start(today, 11)
    found = {
        row["month"]: row
        for row in Invoice.objects.filter(lab=lab, issue_date__gte=first, issue_date__lte=today)
        .annotate(month=TruncMonth("issue_date"))
        .values("month")
        .annotate(
            excl=_signed("total_excl_tax"),
            vat=_signed("total_vat"),
            incl=_signed("total_incl_tax"),
            invoices=Count("id", filter=Q(kind=InvoiceKind.INVOICE)),
        )
    }
    table = Table(
        "revenue_by_month",
        _("Net revenue by month"),
        [_("Month"), _("Invoices"), _("Excl. VAT"), _("VAT"), _("Incl. VAT")],
        money_columns=(2, 3, 4),
    )
    for back in range(11, -1, -1):
        month = _month_start(today, back)
        row = found.get(month) or found.get(_as_datetime(month)) or {}
        table.rows.append([
            month, row.get("invoices", 0), row.get("excl", ZERO), row.get("vat", ZERO),
            row.get("incl", ZERO),
        ])  # fmt: skip
    return table.finish(_("Twelve months"))


def _as_datetime(month: dt.date):
    """TruncMonth of a date gives a date; some backends give a datetime at midnight."""
    return dt.datetime(month.year, month.month, 1)


def revenue_by_item_type(*, lab, start: dt.date, end: dt.date) -> Table:
    rows = (
        InvoiceLine.objects.filter(
            invoice__lab=lab, invoice__issue_date__gte=start, invoice__issue_date__lte=end
        )
        .values("item_type")
        .annotate(
            excl=_signed("amount_excl_tax", "invoice__kind"),
            vat=_signed("vat_amount", "invoice__kind"),
            incl=_signed("amount_incl_tax", "invoice__kind"),
        )
        .order_by("item_type")
    )
    table = Table(
        "revenue_by_item_type",
        _("Net revenue by item type"),
        [_("Item type"), _("Excl. VAT"), _("VAT"), _("Incl. VAT")],
        money_columns=(1, 2, 3),
    )
    labels = dict(ItemType.choices)
    for row in rows:
        table.rows.append([str(labels.get(row["item_type"], row["item_type"])), row["excl"],
                           row["vat"], row["incl"]])  # fmt: skip
    return table.finish(_("Total"))


def _moment_range(lab, start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (
        at_wall_clock(start, dt.time(0), lab.tzinfo),
        at_wall_clock(end + dt.timedelta(days=1), dt.time(0), lab.tzinfo),
    )


def money_by_method(*, lab, start: dt.date, end: dt.date) -> Table:
    since, until = _moment_range(lab, start, end)
    rows = (
        Payment.objects.filter(lab=lab, received_at__gte=since, received_at__lt=until)
        .values("method")
        .annotate(
            count=Count("id", filter=Q(invoice__kind=InvoiceKind.INVOICE)),
            received=Coalesce(Sum("amount", filter=Q(invoice__kind=InvoiceKind.INVOICE)), ZERO,
                              output_field=MONEY),
            refunded=Coalesce(Sum("amount", filter=Q(invoice__kind=InvoiceKind.CREDIT_NOTE)),
                              ZERO, output_field=MONEY),
        )
        .order_by("method")
    )  # fmt: skip
    table = Table(
        "money_by_method",
        _("Money by payment method"),
        [_("Method"), _("Payments"), _("Received"), _("Refunded"), _("Net")],
        money_columns=(2, 3, 4),
    )
    labels = dict(PaymentMethod.choices)
    for row in rows:
        table.rows.append([
            str(labels.get(row["method"], row["method"])), row["count"], row["received"],
            row["refunded"], row["received"] - row["refunded"],
        ])  # fmt: skip
    return table.finish(_("Total"))


def unpaid(*, lab) -> Table:
    """Charges waiting to be paid, invoices not paid in full, wallet balances."""
    charges = Charge.objects.filter(
        lab=lab, status__in=[ChargeStatus.PENDING, ChargeStatus.IN_CART]
    ).aggregate(
        count=Count("id"),
        total=Coalesce(Sum("total_incl_tax"), ZERO, output_field=MONEY),
        oldest=Min("performed_on"),
    )
    open_invoices = Invoice.objects.filter(
        lab=lab,
        kind=InvoiceKind.INVOICE,
        status__in=[InvoiceStatus.UNPAID, InvoiceStatus.PARTIALLY_PAID],
    )
    invoices = open_invoices.aggregate(
        count=Count("id"),
        total=Coalesce(Sum("total_incl_tax"), ZERO, output_field=MONEY),
        oldest=Min("issue_date"),
    )
    paid = Payment.objects.filter(invoice__in=open_invoices).aggregate(s=Sum("amount"))["s"]
    credited = Invoice.objects.filter(credited_invoice__in=open_invoices).aggregate(
        s=Sum("total_incl_tax")
    )["s"]
    refunded = Payment.objects.filter(invoice__credited_invoice__in=open_invoices).aggregate(
        s=Sum("amount")
    )["s"]
    due = invoices["total"] - (paid or ZERO) - (credited or ZERO) + (refunded or ZERO)
    wallets = Wallet.objects.filter(lab=lab).aggregate(
        count=Count("id", filter=Q(balance__gt=0)),
        total=Coalesce(Sum("balance"), ZERO, output_field=MONEY),
    )
    table = Table(
        "unpaid",
        _("What is owed"),
        [_("What"), _("Count"), _("Amount"), _("Oldest")],
        money_columns=(2,),
    )
    table.rows = [
        [_("Charges to pay"), charges["count"], charges["total"], charges["oldest"]],
        [_("Invoices not paid in full (amount due)"), invoices["count"], due, invoices["oldest"]],
        [_("Wallet balances (owed to members)"), wallets["count"], wallets["total"], None],
    ]
    return table.finish()


def subscriptions(*, lab, today: dt.date) -> Table:
    soon = today + dt.timedelta(days=EXPIRING_DAYS)
    rows = (
        Subscription.objects.filter(
            lab=lab,
            status=SubscriptionStatus.ACTIVE,
            starts_on__lte=today,
            ends_on__gte=today,
        )
        .values("plan__name")
        .annotate(active=Count("id"), expiring=Count("id", filter=Q(ends_on__lte=soon)))
        .order_by("plan__name")
    )
    table = Table(
        "subscriptions",
        _("Memberships"),
        [_("Plan"), _("Active"), _("Ending within %(days)d days") % {"days": EXPIRING_DAYS}],
    )
    table.rows = [[row["plan__name"], row["active"], row["expiring"]] for row in rows]
    return table.finish(_("Total"))


@dataclass
class Dashboard:
    start: dt.date
    end: dt.date
    tables: list[Table]

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)


def dashboard_get(*, lab, start: dt.date, end: dt.date, today: dt.date) -> Dashboard:
    return Dashboard(
        start=start,
        end=end,
        tables=[
            revenue_by_month(lab=lab, today=today),
            revenue_by_item_type(lab=lab, start=start, end=end),
            money_by_method(lab=lab, start=start, end=end),
            unpaid(lab=lab),
            subscriptions(lab=lab, today=today),
        ],
    )
