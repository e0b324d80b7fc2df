"""Memberships and packs sold: subscribing a member to a plan for one period (monthly or
yearly), renewing it for the next period, cancelling, expiring; buying a prepaid pack. Each
sale makes its charge through the pricing service (the plan's or pack's price for the
member's group on the day), paid at the desk like any other."""

import calendar
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.errors import Conflict, Forbidden, Invalid
from fabdesk.core.models import Lab
from fabdesk.core.services import audit_record
from fabdesk.core.timeutils import lab_today
from fabdesk.members.permissions import is_staff

from .charge_services import CANCELLABLE, charge_cancel, charge_create
from .choices import ItemType, PackStatus, PlanPeriod, SubscriptionStatus
from .pack_models import Pack, PackPurchase
from .plan_models import Plan, Subscription
from .selectors import charges_for_source


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(*, plan: Plan, starts_on: date) -> date:
    months = 1 if plan.period == PlanPeriod.MONTH else 12
    return add_months(starts_on, months) - timedelta(days=1)


def _check(*, actor, member, owner) -> None:
    if owner.lab_id != member.lab_id:
        raise Forbidden(_("This member belongs to another lab."), code="other_lab")
    if not is_staff(actor) and getattr(actor, "pk", None) != member.pk:
        raise Forbidden()
    if not owner.is_active:
        raise Invalid(_("%(name)s is no longer offered.") % {"name": owner}, code="not_offered")


def _day(lab, at: datetime | None) -> date:
    return timezone.localtime(at or timezone.now(), lab.tzinfo).date()


@transaction.atomic
def subscription_create(
    *,
    actor,
    member,
    plan: Plan,
    starts_on: date | None = None,
    renews: Subscription | None = None,
    at: datetime | None = None,
) -> Subscription:
    """One period of `plan` for `member` from `starts_on` (today), and its charge."""
    _check(actor=actor, member=member, owner=plan)
    starts_on = starts_on or _day(plan.lab, at)
    ends_on = period_end(plan=plan, starts_on=starts_on)
    overlapping = Subscription.objects.select_for_update(of=("self",)).filter(
        member=member,
        plan=plan,
        status=SubscriptionStatus.ACTIVE,
        starts_on__lte=ends_on,
        ends_on__gte=starts_on,
    )
    if overlapping.exists():
        raise Conflict(_("This member already has this plan for these dates."), code="subscribed")
    subscription = Subscription.objects.create(
        lab=plan.lab,
        member=member,
        plan=plan,
        starts_on=starts_on,
        ends_on=ends_on,
        included_hours=plan.included_hours,
        renews=renews,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    charge = charge_create(
        actor=actor,
        lab=plan.lab,
        member=member,
        item_type=ItemType.MEMBERSHIP,
        source=subscription,
        target=plan,
        performed_on=starts_on,
        at=at,
    )
    if charge is not None:
        subscription.price = charge.total_incl_tax
        subscription.save(update_fields=["price"])
    audit_record(actor=actor, target=subscription, action="billing.subscribed")
    return subscription


def subscription_renew(*, actor, subscription: Subscription, at=None) -> Subscription:
    """The next period: from the day after the current one ends, or from today if it ended
    already."""
    starts_on = max(subscription.ends_on + timedelta(days=1), _day(subscription.lab, at))
    return subscription_create(
        actor=actor,
        member=subscription.member,
        plan=subscription.plan,
        starts_on=starts_on,
        renews=subscription,
        at=at,
    )


@transaction.atomic
def subscription_cancel(*, actor, subscription: Subscription, reason: str = "") -> Subscription:
    """Stop a subscription (staff); its charge is cancelled if not invoiced yet (an invoiced
    one is refunded, if at all, with a credit note)."""
    if not is_staff(actor):
        raise Forbidden()
    subscription = Subscription.objects.select_for_update(of=("self",)).get(pk=subscription.pk)
    if subscription.status != SubscriptionStatus.ACTIVE:
        raise Conflict(_("This subscription is not active."), code="not_active")
    for charge in charges_for_source(subscription).filter(status__in=CANCELLABLE):
        charge_cancel(actor=actor, charge=charge, reason=reason)
    subscription.status = SubscriptionStatus.CANCELLED
    subscription.cancelled_at = timezone.now()
    subscription.save(update_fields=["status", "cancelled_at"])
    audit_record(actor=actor, target=subscription, action="billing.unsubscribed", reason=reason)
    return subscription


def subscriptions_expire() -> int:
    """Mark expired the active subscriptions whose period ended (each lab's today)."""
    expired = 0
    for lab in Lab.objects.all():
        expired += Subscription.objects.filter(
            lab=lab, status=SubscriptionStatus.ACTIVE, ends_on__lt=lab_today(lab.tzinfo)
        ).update(status=SubscriptionStatus.EXPIRED)
    return expired


@transaction.atomic
def pack_purchase(*, actor, member, pack: Pack, at: datetime | None = None) -> PackPurchase:
    """A prepaid pack for `member`, valid `pack.validity_days` from today, and its charge."""
    _check(actor=actor, member=member, owner=pack)
    day = _day(pack.lab, at)
    purchase = PackPurchase.objects.create(
        lab=pack.lab,
        member=member,
        pack=pack,
        hours=pack.hours,
        price=0,
        purchased_on=day,
        expires_on=day + timedelta(days=pack.validity_days),
        status=PackStatus.ACTIVE,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    charge = charge_create(
        actor=actor,
        lab=pack.lab,
        member=member,
        item_type=ItemType.PACK,
        source=purchase,
        target=pack,
        performed_on=day,
        at=at,
    )
    if charge is not None:
        purchase.price = charge.total_incl_tax
        purchase.save(update_fields=["price"])
    audit_record(actor=actor, target=purchase, action="billing.pack_bought")
    return purchase
