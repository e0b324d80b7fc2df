"""The maintenance panel of the staff "today" page: how many plans are overdue or due soon,
and the most pressing ones."""

from django.utils import timezone

from .selectors import due_items

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
