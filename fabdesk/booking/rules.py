"""Which booking rule applies to a machine: its own, else its category's, else the lab's
default, else the built-in defaults (an unsaved BookingRule). One query."""

from django.db.models import Q

from fabdesk.equipment.models import Machine

from .models import BookingRule


def rule_for(machine: Machine) -> BookingRule:
    rules = BookingRule.objects.filter(lab_id=machine.lab_id).filter(
        Q(machine_id=machine.pk)
        | Q(category_id=machine.category_id, machine__isnull=True)
        | Q(machine__isnull=True, category__isnull=True)
    )
    by_priority = sorted(rules, key=lambda r: (r.machine_id is None, r.category_id is None))
    return by_priority[0] if by_priority else BookingRule(lab_id=machine.lab_id)
