"""Which price list entry applies: valid on the day, for the member's group or for everyone,
a plan's reduced rate for its subscribers first, a machine's own price before its
category's, the member's group before everyone, then the latest entry."""

from datetime import date

from django.db.models import Q, QuerySet

from .pack_models import PackPrice
from .plan_models import PlanPrice
from .price_models import ItemPrice, MachinePrice, SpacePrice


def valid_on(queryset: QuerySet, *, day: date, member_group_id: int | None) -> QuerySet:
    groups = Q(member_group__isnull=True)
    if member_group_id:
        groups |= Q(member_group_id=member_group_id)
    still_valid = Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    return queryset.filter(groups, still_valid, valid_from__lte=day)


def _best(entries, *, specific: str | None = None):
    """The entry that applies among those valid: plan's (the cheapest), `specific` (set on
    the entry, e.g. its machine), the member's group, the latest valid_from."""

    def key(entry):
        has_plan = getattr(entry, "plan_id", None) is not None
        return (
            has_plan,
            -entry.hourly_rate if has_plan else 0,
            specific is not None and getattr(entry, specific) is not None,
            entry.member_group_id is not None,
            entry.valid_from,
            entry.pk,
        )

    entries = list(entries)
    return max(entries, key=key) if entries else None


def _member_scope(queryset: QuerySet, *, plan_ids: list[int]) -> QuerySet:
    return queryset.filter(Q(plan__isnull=True) | Q(plan_id__in=plan_ids))


def machine_price_at(*, machine, day: date, member_group_id, plan_ids) -> MachinePrice | None:
    scope = Q(machine=machine)
    if machine.category_id:
        scope |= Q(category_id=machine.category_id)
    entries = valid_on(MachinePrice.objects.filter(scope), day=day, member_group_id=member_group_id)
    return _best(_member_scope(entries, plan_ids=plan_ids), specific="machine_id")


def space_price_at(*, space, day: date, member_group_id, plan_ids) -> SpacePrice | None:
    entries = valid_on(
        SpacePrice.objects.filter(space=space), day=day, member_group_id=member_group_id
    )
    return _best(_member_scope(entries, plan_ids=plan_ids))


def item_price_at(*, item, day: date, member_group_id) -> ItemPrice | None:
    return _first(ItemPrice.objects.filter(item=item), day=day, member_group_id=member_group_id)


def plan_price_at(*, plan, day: date, member_group_id) -> PlanPrice | None:
    return _first(PlanPrice.objects.filter(plan=plan), day=day, member_group_id=member_group_id)


def pack_price_at(*, pack, day: date, member_group_id) -> PackPrice | None:
    return _first(PackPrice.objects.filter(pack=pack), day=day, member_group_id=member_group_id)


def _first(queryset: QuerySet, *, day: date, member_group_id):
    """The member's group's entry before everyone's, then the latest valid_from."""
    entries = list(valid_on(queryset, day=day, member_group_id=member_group_id))
    if not entries:
        return None
    return max(entries, key=lambda e: (e.member_group_id is not None, e.valid_from, e.pk))
