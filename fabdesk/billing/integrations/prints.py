"""Print jobs and their charges (ADR 0015): a job approved is charged its approved price, to
the member who asked for it or to the visitor by name and email (the desk takes payment
when they pick it up); withdrawn by its requester before printing, its charge is cancelled or
credited by the refund rule; rejected by the staff, in full."""

from decimal import Decimal

from django.utils.translation import gettext as _

from fabdesk.fabrication.models import PrintJob

from ..choices import ItemType
from ..pricing import PriceBreakdown, charge_preview
from .common import source_charge, source_settle


def print_job_charge(*, job: PrintJob):
    """The charge of an approved job (None: approved at no cost)."""
    if not job.approved_price:
        return None
    visitor = job.requester_id is None
    return source_charge(
        lab=job.lab,
        source=job,
        member=job.requester,
        customer_name=job.contact_name if visitor else "",
        customer_email=job.contact_email if visitor else "",
        item_type=ItemType.PRINT,
    )


def print_preview(*, lab, member, amount: Decimal) -> PriceBreakdown:
    """What a job approved at `amount` (its quote) will be charged."""
    job = PrintJob(lab=lab, requester=member, quoted_price=amount, approved_price=amount)
    return charge_preview(lab=lab, member=member, item_type=ItemType.PRINT, target=job)


def on_print_job_approved(sender, *, job: PrintJob, actor, **kwargs) -> None:
    print_job_charge(job=job)


def on_print_job_cancelled(sender, *, job: PrintJob, actor, by_lab: bool = False,
                           **kwargs) -> None:  # fmt: skip
    reason = _("Print job rejected") if by_lab else _("Print job withdrawn")
    source_settle(actor=actor, source=job, reason=reason, by_lab=by_lab)
