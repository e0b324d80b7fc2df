"""The price shown before confirming (ADR 0015): what the pricing service will charge for the
booking, the seat, the registration or the print being confirmed, in one sentence, with the
hours of a membership or a pack it uses. The template tags of billing_prices render it on
the owners' confirmation pages; preview_views refreshes it while the member changes the
form. Nothing is written (a moved booking is priced in a savepoint rolled back)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from fabdesk.core.errors import DomainError
from fabdesk.core.money import money_format
from fabdesk.equipment.models import Machine
from fabdesk.events.models import TicketCategory
from fabdesk.events.seats import pool_filter, pool_of

from ..choices import ChargeStatus, LineKind
from ..pricing import PriceBreakdown
from ..selectors import charges_for_source
from .booking import booking_preview, resource_priced
from .events import registration_preview
from .preview_input import booking_times, member_for, whole
from .prints import print_preview
from .training import enrolment_preview

HEADLINES = {
    "booking": (lambda: _("This booking will cost %(amount)s."),
                lambda: _("Nothing to pay for this booking.")),
    "move": (lambda: _("After the move, this booking will cost %(amount)s."),
             lambda: _("After the move, nothing to pay for this booking.")),
    "training": (lambda: _("This training costs you %(amount)s."),
                 lambda: _("Nothing to pay for this training.")),
    "registration": (lambda: _("Your registration will cost %(amount)s."),
                     lambda: _("Nothing to pay for this registration.")),
    "print": (lambda: _("Once the lab approves the job, it will be charged %(amount)s."),
              lambda: _("Nothing to pay for this print.")),
}  # fmt: skip


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}\u00a0h\u00a0{rest:02d}" if rest else f"{hours}\u00a0h"


@dataclass(frozen=True)
class Shown:
    """A price to show: `breakdown` None (incomplete form, free thing): nothing is shown."""

    kind: str
    lab: object
    breakdown: PriceBreakdown | None = None
    invoiced: bool = False  # a moved booking already invoiced: its price stands

    @property
    def visible(self) -> bool:
        return self.invoiced or bool(self.breakdown is not None and self.breakdown.lines)

    @property
    def headline(self) -> str:
        if self.invoiced:
            return _("This booking is already invoiced: moving it keeps its price.")
        paid, free = HEADLINES[self.kind]
        total = self.breakdown.total_incl_tax
        if not total:
            return free()
        return paid() % {"amount": money_format(total, self.lab.currency)}

    @property
    def notes(self) -> list[str]:
        """The hours included or prepaid it uses, a minimum charge, the VAT."""
        if self.invoiced or self.breakdown is None:
            return []
        notes, breakdown = [], self.breakdown
        if breakdown.plan_minutes:
            notes.append(_("%(hours)s included in your membership")
                         % {"hours": _hours(breakdown.plan_minutes)})  # fmt: skip
        if breakdown.pack_minutes:
            notes.append(_("%(hours)s of your prepaid hours")
                         % {"hours": _hours(breakdown.pack_minutes)})  # fmt: skip
        if any(line.kind == LineKind.MINIMUM for line in breakdown.lines):
            notes.append(_("the minimum charge applies"))
        if breakdown.total_vat:
            notes.append(_("VAT included"))
        return notes


def _priced(kind: str, lab, compute) -> Shown:
    try:
        return Shown(kind=kind, lab=lab, breakdown=compute())
    except DomainError:  # not priceable as it stands (a duration of nothing, no price)
        return Shown(kind=kind, lab=lab)


def booking_shown(*, user, resource, values, booking=None) -> Shown:
    """The price of booking `resource` (or moving `booking`) as the form says."""
    lab = resource.lab
    kind = "move" if booking is not None else "booking"
    if booking is not None and (
        charges_for_source(booking).filter(status=ChargeStatus.INVOICED).exists()
    ):
        return Shown(kind=kind, lab=lab, invoiced=True)
    member = booking.member if booking is not None else member_for(user, values)
    times = booking_times(values, lab.tzinfo)
    if member is None or times is None:
        return Shown(kind=kind, lab=lab)
    machine = resource if isinstance(resource, Machine) else None
    space = None if machine is not None else resource
    ids = {"machine_id": resource.pk} if machine else {"space_id": resource.pk}
    if not resource_priced(**ids):
        return Shown(kind=kind, lab=lab)  # free: nothing to say
    people = whole(values.get("people")) or (booking.people if booking is not None else 1)
    return _priced(kind, lab, lambda: booking_preview(
        member=member, start=times[0], end=times[1], machine=machine, space=space,
        people=people, booking=booking,
    ))  # fmt: skip


def registration_shown(*, user, event, values) -> Shown:
    """The price of the seats the registration form asks for."""
    pool = pool_of(event)
    category_id, seats = whole(values.get("category")), whole(values.get("seats")) or 1
    category = TicketCategory.objects.filter(pk=category_id, **pool_filter(pool)).first()
    if category is None:
        return Shown(kind="registration", lab=pool.lab)
    member = user if getattr(user, "is_authenticated", False) else None
    return _priced("registration", pool.lab, lambda: registration_preview(
        member=member, pool=pool, category=category, seats=seats,
    ))  # fmt: skip


def enrolment_shown(*, user, session) -> Shown:
    lab = session.training.lab
    return _priced("training", lab, lambda: enrolment_preview(member=user, session=session))


def print_shown(*, user, lab, amount) -> Shown:
    if amount is None:
        return Shown(kind="print", lab=lab)
    member = user if getattr(user, "is_authenticated", False) else None
    return _priced("print", lab, lambda: print_preview(lab=lab, member=member,
                                                       amount=Decimal(amount)))  # fmt: skip
