"""Event registrations and their charges (ADR 0015): confirmed seats (at once, after the
address or the staff's validation, from the waitlist, by a move) are charged the price stored
on the registration, to the member or to the visitor by name and email; a registration given
up is cancelled or credited by the refund rule, in full when the lab cancelled the event or
moved the person to another date (the new registration is charged instead)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.events.models import EventSeries, Registration, TicketCategory
from fabdesk.events.seats import rules_event

from ..choices import ItemType
from ..pricing import PriceBreakdown, charge_preview
from .common import source_charge, source_settle


def _pool(registration: Registration):
    return registration.event if registration.event_id else registration.series


def registration_charge(*, registration: Registration):
    """The charge of confirmed seats (None: free seats)."""
    if not registration.price:
        return None
    pool = _pool(registration)
    rules = rules_event(pool)
    day = timezone.localtime(rules.starts_at, pool.lab.tzinfo).date() if rules else None
    visitor = registration.member_id is None
    return source_charge(
        lab=pool.lab,
        source=registration,
        member=registration.member,
        customer_name=registration.name if visitor else "",
        customer_email=registration.email if visitor else "",
        item_type=ItemType.EVENT,
        performed_on=day,
    )


def registration_preview(*, member, pool, category: TicketCategory, seats: int) -> PriceBreakdown:
    """What `seats` seats of `category` will cost: priced like the registration's charge."""
    where = {"series": pool} if isinstance(pool, EventSeries) else {"event": pool}
    registration = Registration(member=member, category=category, seats=seats,
                                unit_price=category.price, price=category.price * seats,
                                **where)  # fmt: skip
    return charge_preview(lab=pool.lab, member=member, item_type=ItemType.EVENT,
                          target=registration)  # fmt: skip


def on_registration_confirmed(sender, *, registration: Registration, actor, **kwargs) -> None:
    registration_charge(registration=registration)


def on_registration_cancelled(sender, *, registration: Registration, actor, by_lab: bool = False,
                              **kwargs) -> None:  # fmt: skip
    if by_lab:
        reason = _("Event registration cancelled by the lab")
    else:
        reason = _("Event registration cancelled")
    source_settle(actor=actor, source=registration, reason=reason, by_lab=by_lab)
