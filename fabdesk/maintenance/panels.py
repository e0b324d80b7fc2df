"""The maintenance panel of the staff "today" page (how many plans are overdue or due soon,
and the most pressing ones) and the maintenance section of a machine's page (staff only)."""

from django.utils import timezone

from .permissions import can_manage_maintenance
from .selectors import due_items, machine_plans

SHOWN = 5


def today_panel_context(request) -> dict | None:
    lab = getattr(request, "lab", None)
    if lab is None:
        return None
    items = due_items(lab=lab, now=timezone.now())
    if not items:
        return None
    return {
        "overdue_count": sum(1 for item in items if item.due.is_overdue),
        "due_soon_count": sum(1 for item in items if item.due.is_due_soon),
        "items": items[:SHOWN],
        "more": len(items) > SHOWN,
    }


def machine_section_context(request, machine) -> dict | None:
    """Staff see, on a machine's page, where its maintenance plans stand."""
    if not can_manage_maintenance(request.user, machine):
        return None
    items = machine_plans(machine=machine, now=timezone.now())
    return {"machine": machine, "items": [item for item in items if item.plan.is_active]}
