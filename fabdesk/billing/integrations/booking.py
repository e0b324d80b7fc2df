"""Bookings and their charges (ADR 0015). A member's booking confirmed is charged for its
booked time at the member's rate, plan hours and packs first; moved, its charge is priced
again; cancelled, its charge is cancelled or credited by the refund rule. Blocks are never
charged; a no-show is charged as booked; a longer use than booked is not charged more.

A machine or a space without any price row is free: one query says so, and nothing else is
asked (a lab that does not bill bookings pays one query per booking)."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from fabdesk.booking.models import Booking

from ..charge_services import CANCELLABLE, LIVE, charge_cancel
from ..choices import ChargeStatus, ItemType
from ..price_models import MachinePrice, SpacePrice
from ..pricing import PriceBreakdown, charge_preview
from ..selectors import charges_for_source
from .common import source_charge, source_settle


def resource_priced(*, machine_id: int | None = None, space_id: int | None = None) -> bool:
    """Whether the machine (or its category) or the space has any price at all."""
    if machine_id is not None:
        scope = Q(machine_id=machine_id) | Q(category__machines=machine_id)
        return MachinePrice.objects.filter(scope).exists()
    return SpacePrice.objects.filter(space_id=space_id).exists()


def _price_kwargs(*, machine=None, space=None, start: dt.datetime, end: dt.datetime, people=1):
    """What the pricing service is given for a machine's or a space's time: the price valid
    on the day the booking starts."""
    if machine is not None:
        return {"item_type": ItemType.MACHINE_TIME, "target": machine, "start": start,
                "end": end, "at": start}  # fmt: skip
    return {"item_type": ItemType.SPACE, "target": space, "start": start, "end": end,
            "people": people, "at": start}  # fmt: skip


def _booking_kwargs(booking: Booking) -> dict:
    return _price_kwargs(machine=booking.machine, space=booking.space, start=booking.start,
                         end=booking.end, people=booking.people)  # fmt: skip


def booking_charge(*, booking: Booking):
    """The charge of a member's booking (None: a block, or free)."""
    priced = resource_priced(machine_id=booking.machine_id, space_id=booking.space_id)
    if booking.is_block or not priced:
        return None
    return source_charge(lab=booking.lab, source=booking, member=booking.member,
                         **_booking_kwargs(booking))  # fmt: skip


def booking_preview(
    *, member, start: dt.datetime, end: dt.datetime, machine=None, space=None, people: int = 1,
    booking: Booking | None = None,
) -> PriceBreakdown:  # fmt: skip
    """What a booking of these times will cost `member`: the same breakdown the charge gets.
    For a booking being moved, as if its charge not invoiced yet were given back first (the
    move prices it again): tried in a savepoint that is rolled back."""
    kwargs = _price_kwargs(machine=machine, space=space, start=start, end=end, people=people)
    held = []
    if booking is not None:
        held = list(charges_for_source(booking).filter(status__in=CANCELLABLE))
    if not any(charge.plan_minutes or charge.pack_minutes for charge in held):
        return charge_preview(lab=member.lab, member=member, **kwargs)
    with transaction.atomic():
        for charge in held:
            charge_cancel(actor=None, charge=charge)
        breakdown = charge_preview(lab=member.lab, member=member, **kwargs)
        transaction.set_rollback(True)
    return breakdown


def on_booking_confirmed(sender, *, booking: Booking, actor, **kwargs) -> None:
    booking_charge(booking=booking)


def on_booking_moved(sender, *, booking: Booking, actor, **kwargs) -> None:
    """A charge not invoiced yet is priced again for the new times (cancelled, its plan and
    pack minutes given back, and made again). An invoiced one stands: the invoice is a legal
    record; staff settle a difference at the desk (a credit note, an extra line)."""
    live = list(charges_for_source(booking).filter(status__in=LIVE))
    if any(charge.status == ChargeStatus.INVOICED for charge in live):
        return
    for charge in live:
        charge_cancel(actor=actor, charge=charge, reason=_("Booking moved"))
    booking_charge(booking=booking)


def on_booking_cancelled(sender, *, booking: Booking, actor, refund: bool = True,
                         by_lab: bool = False, **kwargs) -> None:  # fmt: skip
    source_settle(actor=actor, source=booking, reason=_("Booking cancelled"), refund=refund,
                  by_lab=by_lab)  # fmt: skip
