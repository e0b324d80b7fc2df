"""Hours a member has before paying by the hour: those included in their membership for the
period, then their prepaid packs (the soonest to expire first). Minutes used are PlanUsage /
PackUsage rows written with the charge that used them (charge_services, under a row lock
of the subscription or pack), and removed when that charge is cancelled."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet, Sum

from .choices import PackStatus, SubscriptionStatus
from .pack_models import PackPurchase
from .plan_models import Subscription


def _minutes(hours) -> int:
    return int(hours * 60)


def active_subscriptions(*, member, day: date) -> QuerySet[Subscription]:
    return (
        Subscription.objects.filter(
            member=member,
            status=SubscriptionStatus.ACTIVE,
            starts_on__lte=day,
            ends_on__gte=day,
        )
        .select_related("plan")
        .order_by("ends_on", "id")
    )


def usable_packs(*, member, day: date) -> QuerySet[PackPurchase]:
    return (
        PackPurchase.objects.filter(
            member=member, status=PackStatus.ACTIVE, purchased_on__lte=day, expires_on__gte=day
        )
        .select_related("pack")
        .order_by("expires_on", "id")
    )


def _covers(owner, machine) -> bool:
    """A plan or a pack with no machine and no category counts on every machine."""
    machine_ids = {m.pk for m in owner.machines.all()}
    category_ids = {c.pk for c in owner.categories.all()}
    if not machine_ids and not category_ids:
        return True
    return machine.pk in machine_ids or machine.category_id in category_ids


def plan_minutes_left(subscription: Subscription) -> int:
    used = subscription.usages.aggregate(total=Sum("minutes"))["total"] or 0
    return max(_minutes(subscription.included_hours) - used, 0)


def pack_minutes_left(purchase: PackPurchase) -> int:
    used = purchase.usages.aggregate(total=Sum("minutes"))["total"] or 0
    return max(_minutes(purchase.hours) - used, 0)


@dataclass(frozen=True)
class Allowance:
    source: Subscription | PackPurchase
    minutes_left: int

    @property
    def is_plan(self) -> bool:
        return isinstance(self.source, Subscription)


def machine_allowances(*, member, machine, day: date, lock: bool = False) -> list[Allowance]:
    """The member's plan hours then pack hours usable on `machine` on `day`, in the order
    they are used. With `lock`, the rows are locked until the transaction ends."""
    if member is None or machine is None:
        return []
    subscriptions = active_subscriptions(member=member, day=day).filter(plan__included_hours__gt=0)
    packs = usable_packs(member=member, day=day)
    if lock:
        subscriptions = subscriptions.select_for_update(of=("self",))
        packs = packs.select_for_update(of=("self",))
    subscriptions = subscriptions.prefetch_related("plan__machines", "plan__categories")
    packs = packs.prefetch_related("pack__machines", "pack__categories")
    found = [Allowance(s, plan_minutes_left(s)) for s in subscriptions if _covers(s.plan, machine)]
    found += [Allowance(p, pack_minutes_left(p)) for p in packs if _covers(p.pack, machine)]
    return [a for a in found if a.minutes_left > 0]


def member_plan_ids(*, member, day: date) -> list[int]:
    if member is None:
        return []
    return list(active_subscriptions(member=member, day=day).values_list("plan_id", flat=True))


def member_allowances(*, member, day: date) -> dict[str, list[Allowance]]:
    """For the member's pages: every current subscription and pack with what is left."""
    subscriptions = active_subscriptions(member=member, day=day)
    packs = usable_packs(member=member, day=day)
    return {
        "plans": [Allowance(s, plan_minutes_left(s)) for s in subscriptions],
        "packs": [Allowance(p, pack_minutes_left(p)) for p in packs],
    }
