"""Checking that nobody changed an invoice behind the application's back: every invoice and
credit note of a lab is read in chain order, its fingerprint recomputed from the stored rows
(fingerprint.py) and compared, each link to the previous fingerprint checked, the chain
checked for holes, and the numbers given by the counters compared with the invoices found
(a deleted last invoice). Other checks plug in with register_check (the closing archives,
archives.py). `fabdesk verify-invoices` runs them all (ADR 0013)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch, Sum
from django.utils.translation import gettext as _

from .fingerprint import fingerprint_of, invoice_content
from .invoice_models import Invoice, InvoiceLine
from .settings_models import InvoiceCounter


@dataclass(frozen=True)
class CheckResult:
    count: int
    problem: str | None = None


Check = Callable[..., CheckResult]
_CHECKS: dict[str, Check] = {}


def register_check(label: str, check: Check) -> None:
    """Add `check(*, lab) -> CheckResult` to what verify-invoices runs, after the invoices."""
    _CHECKS[label] = check


def registered_checks() -> list[tuple[str, Check]]:
    return [("invoices", verify_invoices), *_CHECKS.items()]


def _name(invoice: Invoice) -> str:
    kind = _("Credit note") if invoice.is_credit_note else _("Invoice")
    return _("%(kind)s %(number)s (number %(index)s in the chain)") % {
        "kind": kind,
        "number": invoice.number,
        "index": invoice.chain_index,
    }


def _problem_of(invoice: Invoice, *, previous: str, expected_index: int) -> str | None:
    if invoice.chain_index != expected_index:
        return _("%(invoice)s: the chain jumps from %(before)s: an invoice is missing.") % {
            "invoice": _name(invoice),
            "before": expected_index - 1,
        }
    if invoice.previous_fingerprint != previous:
        return _("%(invoice)s: it is no longer linked to the invoice before it.") % {
            "invoice": _name(invoice)
        }
    content = invoice_content(invoice, list(invoice.lines.all()))
    if fingerprint_of(content, previous) != invoice.fingerprint:
        return _("%(invoice)s: its stored content no longer matches its fingerprint.") % {
            "invoice": _name(invoice)
        }
    return None


def verify_invoices(*, lab) -> CheckResult:
    """Recompute the lab's chain; the first invoice that does not match, if any."""
    lines = InvoiceLine.objects.order_by("position")
    invoices = (
        Invoice.objects.filter(lab=lab)
        .select_related("credited_invoice")
        .prefetch_related(Prefetch("lines", queryset=lines))
        .order_by("chain_index")
    )
    count, previous = 0, ""
    for invoice in invoices.iterator(chunk_size=500):
        problem = _problem_of(invoice, previous=previous, expected_index=count + 1)
        if problem:
            return CheckResult(count=count, problem=problem)
        count += 1
        previous = invoice.fingerprint
    numbered = InvoiceCounter.objects.filter(lab=lab).aggregate(n=Sum("last_number"))["n"] or 0
    if numbered != count:
        return CheckResult(
            count=count,
            problem=_("%(numbered)s numbers were given but %(found)s invoices are stored.")
            % {"numbered": numbered, "found": count},
        )
    return CheckResult(count=count)
