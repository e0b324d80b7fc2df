"""Closing a month or a year (clôture): once closed, nothing can be issued or paid into the
period (invoice_write and payment_write ask `period_closed_on`), and its invoices and credit
notes are archived in a ZIP whose checksum is chained to the lab's previous archive
(archives.py).

A period is closed when it is over (its last day is before today in the lab's zone), no desk
cart opened before its end is still open, and every earlier day holding an invoice is closed
already (closings follow each other, so no gap is left open behind a closed period).
Invoices of the period that are still unpaid do not hold the closing back: closing concerns
what was issued, not what was paid; their payments are recorded on the day they are received,
in an open period (ADR 0014)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fabdesk.core.errors import Conflict, Forbidden, Invalid
from fabdesk.core.money import money_round
from fabdesk.core.services import audit_record
from fabdesk.core.timeutils import at_wall_clock, lab_today
from fabdesk.members.permissions import is_staff

from .archives import archive_write
from .charge_models import Cart
from .choices import CartStatus, InvoiceKind, PeriodKind
from .invoice_models import Invoice
from .numbering import lab_lock
from .period_models import ClosedPeriod
from .selectors import accounting_settings_get

ZERO = Decimal(0)
MONTH_LABEL = gettext_lazy("%(month)02d/%(year)d")


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date  # included

    @property
    def key(self) -> str:
        """What the closing form posts: "month:2026-03-01"."""
        return f"{self.kind}:{self.start.isoformat()}"

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return str(MONTH_LABEL % {"month": self.start.month, "year": self.start.year})
        if self.start.month == 1:
            return str(self.start.year)
        return f"{self.start:%m/%Y}-{self.end:%m/%Y}"

    @property
    def title(self) -> str:
        """ "Month 03/2026", "Year 2026"."""
        return f"{PeriodKind(self.kind).label} {self.label}"


def _month_after(day: dt.date, months: int = 1) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_of(*, lab, kind: str, start: dt.date) -> Period:
    """The month starting on `start`, or the fiscal year starting on `start` (the lab's
    fiscal year start month, AccountingSettings.fiscal_year_start_month)."""
    if kind == PeriodKind.MONTH:
        if start.day != 1:
            raise Invalid(_("A month starts on its first day."), code="period_invalid")
        return Period(kind, start, _month_after(start) - dt.timedelta(days=1))
    if kind == PeriodKind.YEAR:
        first_month = accounting_settings_get(lab=lab).fiscal_year_start_month
        if start.day != 1 or start.month != first_month:
            raise Invalid(
                _("The lab's fiscal year starts on the first day of month %(month)d.")
                % {"month": first_month},
                code="period_invalid",
            )
        return Period(kind, start, _month_after(start, 12) - dt.timedelta(days=1))
    raise Invalid(_("Close a month or a year."), code="period_invalid")


def fiscal_year(*, lab, year: int) -> Period:
    """The fiscal year that starts in `year`."""
    first_month = accounting_settings_get(lab=lab).fiscal_year_start_month
    return period_of(lab=lab, kind=PeriodKind.YEAR, start=dt.date(year, first_month, 1))


def period_parse(*, lab, key: str) -> Period:
    """The period of a "kind:YYYY-MM-DD" key (the closing form's value)."""
    kind, _sep, start = key.partition(":")
    try:
        day = dt.date.fromisoformat(start)
    except ValueError:
        raise Invalid(_("Choose a period to close."), code="period_invalid") from None
    return period_of(lab=lab, kind=kind, start=day)


def _covered(day: dt.date, closed: list[ClosedPeriod]) -> bool:
    return any(period.start <= day <= period.end for period in closed)


def periods_closable(*, lab, today: dt.date | None = None) -> list[Period]:
    """The months and fiscal years that are over and not closed yet, from the lab's first
    invoice (or the last twelve months when it has none), newest first."""
    today = today or lab_today(lab.tzinfo)
    first = Invoice.objects.filter(lab=lab).order_by("issue_date").values_list(
        "issue_date", flat=True
    ).first() or _month_after(today, -12)
    closed = list(ClosedPeriod.objects.filter(lab=lab))
    closed_keys = {(period.kind, period.start) for period in closed}
    found = []
    month = dt.date(first.year, first.month, 1)
    while _month_after(month) <= today:
        if (PeriodKind.MONTH, month) not in closed_keys and not _covered(month, closed):
            found.append(period_of(lab=lab, kind=PeriodKind.MONTH, start=month))
        month = _month_after(month)
    year = fiscal_year(lab=lab, year=first.year)
    if year.start > first:
        year = fiscal_year(lab=lab, year=first.year - 1)
    while year.end < today:
        if (PeriodKind.YEAR, year.start) not in closed_keys:
            found.append(year)
        year = fiscal_year(lab=lab, year=year.start.year + 1)
    return sorted(found, key=lambda p: (p.end, p.kind == PeriodKind.YEAR), reverse=True)


def _refuse(*, lab, period: Period, today: dt.date) -> None:
    if period.end >= today:
        raise Invalid(
            _("%(period)s is not over yet: it can be closed from %(day)s.")
            % {"period": period.label, "day": period.end + dt.timedelta(days=1)},
            code="period_not_over",
        )
    closed = list(ClosedPeriod.objects.filter(lab=lab))
    if any(p.kind == period.kind and p.start == period.start for p in closed) or (
        period.kind == PeriodKind.MONTH and _covered(period.start, closed)
    ):
        raise Conflict(
            _("%(period)s is closed already.") % {"period": period.label},
            code="period_already_closed",
        )
    earlier = Invoice.objects.filter(lab=lab, issue_date__lt=period.start)
    for other in closed:
        earlier = earlier.exclude(issue_date__range=(other.start, other.end))
    first_open = earlier.order_by("issue_date").values_list("issue_date", flat=True).first()
    if first_open is not None:
        raise Conflict(
            _("Close the earlier periods first: %(day)s holds invoices and is not closed.")
            % {"day": first_open},
            code="earlier_period_open",
        )
    after_end = at_wall_clock(period.end + dt.timedelta(days=1), dt.time(0), lab.tzinfo)
    carts = Cart.objects.filter(lab=lab, status=CartStatus.OPEN, opened_at__lt=after_end).count()
    if carts:
        raise Conflict(
            _(
                "%(count)d desk checkout(s) opened during the period are still open: check "
                "them out or abandon them first."
            )
            % {"count": carts},
            code="carts_open",
        )


def _sums(invoices) -> dict:
    sums = invoices.aggregate(
        count=Count("id"),
        excl=Sum("total_excl_tax"),
        vat=Sum("total_vat"),
        incl=Sum("total_incl_tax"),
    )
    return {
        "count": sums["count"],
        "excl_tax": sums["excl"] or ZERO,
        "vat": sums["vat"] or ZERO,
        "incl_tax": sums["incl"] or ZERO,
    }


def period_totals(*, lab, start: dt.date, end: dt.date) -> dict:
    """The period's invoiced, credited and net totals, and the lab's cumulative net total
    (everything issued until the period's end), as strings."""
    issued = Invoice.objects.filter(lab=lab, issue_date__range=(start, end))
    invoiced = _sums(issued.filter(kind=InvoiceKind.INVOICE))
    credited = _sums(issued.filter(kind=InvoiceKind.CREDIT_NOTE))
    until_end = Invoice.objects.filter(lab=lab, issue_date__lte=end).aggregate(
        invoiced=Sum("total_incl_tax", filter=Q(kind=InvoiceKind.INVOICE)),
        credited=Sum("total_incl_tax", filter=Q(kind=InvoiceKind.CREDIT_NOTE)),
    )
    net = {name: invoiced[name] - credited[name] for name in ("excl_tax", "vat", "incl_tax")}
    cumulative = (until_end["invoiced"] or ZERO) - (until_end["credited"] or ZERO)

    def text(sums: dict) -> dict:
        return {
            name: value if name == "count" else str(money_round(value))
            for name, value in sums.items()
        }

    return {
        "invoices": text(invoiced),
        "credit_notes": text(credited),
        "net": text(net),
        "cumulative_net_incl_tax": str(money_round(cumulative)),
    }


@transaction.atomic
def period_close(
    *, actor, lab, kind: str, start: dt.date, now: dt.datetime | None = None
) -> ClosedPeriod:
    """Close the month or fiscal year of `kind` starting on `start` and write its archive.
    Refused for anyone but staff, for a period not over, closed already, after an earlier
    period with invoices still open, or while a desk checkout opened in it is open."""
    if not is_staff(actor) or getattr(actor, "lab_id", lab.pk) != lab.pk:
        raise Forbidden()
    now = now or timezone.now()
    period = period_of(lab=lab, kind=kind, start=start)
    lab_lock(lab=lab)  # no invoice is issued while the period closes
    _refuse(lab=lab, period=period, today=timezone.localtime(now, lab.tzinfo).date())
    invoices = Invoice.objects.filter(lab=lab, issue_date__range=(period.start, period.end))
    closed = ClosedPeriod.objects.create(
        lab=lab,
        kind=period.kind,
        start=period.start,
        end=period.end,
        closed_at=now,
        closed_by=actor if getattr(actor, "is_authenticated", False) else None,
        invoice_count=invoices.count(),
        totals=period_totals(lab=lab, start=period.start, end=period.end),
    )
    archive_write(period=closed)
    audit_record(
        actor=actor,
        target=closed,
        action="billing.period_closed",
        changes={"invoices": closed.invoice_count, "checksum": closed.archive_checksum},
    )
    return closed


def closed_periods(*, lab):
    return (
        ClosedPeriod.objects.filter(lab=lab).select_related("closed_by").order_by("-start", "kind")
    )
