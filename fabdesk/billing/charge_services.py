"""Charges: recording what the pricing service computed (with the membership and prepaid
minutes it used, under a row lock), and cancelling a charge that is not invoiced yet."""

from datetime import date, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fabdesk.core.errors import Conflict, Forbidden, Invalid
from fabdesk.core.services import audit_record
from fabdesk.members.permissions import is_staff

from .charge_models import Charge, ChargeLine
from .choices import ChargeStatus
from .pack_models import PackUsage
from .plan_models import PlanUsage, Subscription
from .pricing import PriceBreakdown, charge_price
from .selectors import charges_for_source

LIVE = [ChargeStatus.PENDING, ChargeStatus.IN_CART, ChargeStatus.COVERED, ChargeStatus.INVOICED]
CANCELLABLE = [ChargeStatus.PENDING, ChargeStatus.IN_CART, ChargeStatus.COVERED]


def _check_customer(*, actor, lab, member, customer_name: str) -> None:
    if member is None and not customer_name.strip():
        raise Invalid(_("Say who is charged: a member or a customer's name."), code="no_customer")
    if member is not None and member.lab_id != lab.pk:
        raise Forbidden(_("This member belongs to another lab."), code="other_lab")
    if actor is None:  # the system, inside another app's service that checked who may act
        return
    if not is_staff(actor) and (member is None or member.pk != getattr(actor, "pk", None)):
        raise Forbidden()


def _lock_source(source) -> None:
    """One live charge per source and type: the source row is locked while we look."""
    type(source).objects.select_for_update(of=("self",)).filter(pk=source.pk).first()


def _performed_on(*, lab, performed_on: date | None, start: datetime | None, at) -> date:
    if performed_on is not None:
        return performed_on
    return timezone.localtime(start or at or timezone.now(), lab.tzinfo).date()


@transaction.atomic
def charge_create(
    *,
    actor,
    lab,
    item_type: str,
    member=None,
    customer_name: str = "",
    customer_address: str = "",
    customer_email: str = "",
    source=None,
    target=None,
    performed_on: date | None = None,
    at: datetime | None = None,
    **price_kwargs,
) -> Charge | None:
    """Price `target` (or `source`) with pricing.charge_price and record the charge, its
    lines and the included or prepaid minutes it used. None when there is nothing to charge
    (a free machine, a free event). Ad-hoc prices (`unit_price=`) are for staff. `actor=None`
    is the system acting inside another app's service (a visitor confirming by mail, a seat
    given from the waitlist): that service has checked who may act."""
    _check_customer(actor=actor, lab=lab, member=member, customer_name=customer_name)
    if price_kwargs.get("unit_price") is not None and not is_staff(actor):
        raise Forbidden()
    if source is not None:
        _lock_source(source)
        existing = charges_for_source(source).filter(item_type=item_type, status__in=LIVE)
        if existing.exists():
            raise Conflict(_("This is already charged."), code="charge_exists")
    with translation.override(settings.LANGUAGE_CODE):  # invoices speak the lab's language
        breakdown = charge_price(
            lab=lab,
            member=member,
            item_type=item_type,
            target=target if target is not None else source,
            at=at,
            lock=True,
            **price_kwargs,
        )
    if breakdown.is_empty:
        return None
    charge = _charge_record(
        lab=lab,
        breakdown=breakdown,
        actor=actor,
        member=member,
        customer_name=customer_name.strip(),
        customer_address=customer_address.strip(),
        customer_email=customer_email.strip(),
        source=source,
        performed_on=_performed_on(
            lab=lab, performed_on=performed_on, start=price_kwargs.get("start"), at=at
        ),
    )
    if is_staff(actor):
        audit_record(actor=actor, target=charge, action="billing.charge_created")
    return charge


def _charge_record(*, lab, breakdown: PriceBreakdown, actor, source, **fields) -> Charge:
    total = breakdown.total_incl_tax
    charge = Charge.objects.create(
        lab=lab,
        item_type=breakdown.item_type,
        description=breakdown.description[:300],
        quantity=breakdown.quantity,
        unit=breakdown.unit,
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=source.pk if source is not None else None,
        plan_minutes=breakdown.plan_minutes,
        pack_minutes=breakdown.pack_minutes,
        total_excl_tax=breakdown.total_excl_tax,
        total_vat=breakdown.total_vat,
        total_incl_tax=total,
        pricing=breakdown.pricing,
        status=ChargeStatus.PENDING if total > 0 else ChargeStatus.COVERED,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    ChargeLine.objects.bulk_create(
        ChargeLine(
            charge=charge,
            position=position,
            kind=line.kind,
            description=line.description[:300],
            quantity=line.quantity,
            unit=line.unit,
            unit_price=line.unit_price,
            vat_rate=line.vat_rate,
            amount_excl_tax=line.amount_excl_tax,
            vat_amount=line.vat_amount,
            amount_incl_tax=line.amount_incl_tax,
        )
        for position, line in enumerate(breakdown.lines, start=1)
    )
    for owner, minutes in breakdown.uses:
        if isinstance(owner, Subscription):
            PlanUsage.objects.create(subscription=owner, charge=charge, minutes=minutes)
        else:
            PackUsage.objects.create(purchase=owner, charge=charge, minutes=minutes)
    return charge


@transaction.atomic
def charge_cancel(*, actor, charge: Charge, reason: str = "") -> Charge:
    """Cancel a charge not invoiced yet; the membership or prepaid minutes it used are
    given back. An invoiced charge is refunded with a credit note instead."""
    charge = Charge.objects.select_for_update(of=("self",)).get(pk=charge.pk)
    if charge.status not in CANCELLABLE:
        raise Conflict(
            _("An invoiced charge is corrected with a credit note."), code="charge_invoiced"
        )
    charge.plan_usages.all().delete()
    charge.pack_usages.all().delete()
    charge.status = ChargeStatus.CANCELLED
    charge.cart = None
    charge.cancelled_at = timezone.now()
    charge.cancel_reason = reason[:300]
    charge.save(update_fields=["status", "cart", "cancelled_at", "cancel_reason"])
    audit_record(actor=actor, target=charge, action="billing.charge_cancelled", reason=reason)
    return charge
