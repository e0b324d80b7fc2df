"""What every integration does: charge a source on the lab's behalf, and settle the charges
of a source given up, by who cancelled it (ADR 0015)."""

from ..cancellations import source_charges_cancel
from ..charge_models import Charge
from ..charge_services import charge_create
from ..selectors import charges_for_source


def source_charge(*, lab, source, item_type: str, member=None, **kwargs) -> Charge | None:
    """Charge `source` once (billing refuses a second live charge for it); None when it is
    free (no price configured, a price of 0). The charge is made by the lab (`actor` None):
    the owner's service has checked who may act and keeps its own audit record of them."""
    return charge_create(
        actor=None, lab=lab, member=member, source=source, item_type=item_type, **kwargs
    )


def source_settle(*, actor, source, reason: str, refund: bool = True, by_lab: bool = False) -> list:
    """After `source` was given up: what is not invoiced yet is cancelled, and what is
    invoiced is credited by the lab's refund rule (everything when the lab cancelled). With
    `refund` False (staff keeping what a late cancellation owes) nothing changes."""
    if not refund and not by_lab:
        return []
    if not charges_for_source(source).exists():  # free, or never charged: one query
        return []
    return source_charges_cancel(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        source=source,
        reason=reason,
        refund=True,
        full=by_lab,
    )
