"""Which booking rule applies to a machine or a space: its own, else (for a machine) its
category's, else the lab's default, else the built-in defaults (an unsaved BookingRule).
One query."""

from django.db.models import Q

from fabdesk.equipment.models import Machine, Space

from .models import BookingRule

LAB_DEFAULT = Q(machine__isnull=True, category__isnull=True, space__isnull=True)


def rule_for(resource: Machine | Space) -> BookingRule:
    if isinstance(resource, Space):
        own = Q(space_id=resource.pk)
    else:
        own = Q(machine_id=resource.pk) | Q(
            category_id=resource.category_id, machine__isnull=True, space__isnull=True
        )
    rules = BookingRule.objects.filter(lab_id=resource.lab_id).filter(own | LAB_DEFAULT)
    by_priority = sorted(
        rules,
        key=lambda r: (r.machine_id is None and r.space_id is None, r.category_id is None),
    )
    return by_priority[0] if by_priority else BookingRule(lab_id=resource.lab_id)
