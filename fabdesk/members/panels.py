"""The members panel of the staff "today" page: who waits for validation, who is new."""

from datetime import timedelta

from django.utils import timezone

from .models import User

PENDING_SHOWN = 10


def today_panel_context(request) -> dict | None:
    lab = getattr(request, "lab", None)
    if lab is None:
        return None
    members = User.objects.filter(lab=lab)
    pending = members.filter(status=User.Status.PENDING).order_by("date_joined")
    pending_count = pending.count()
    new_this_week = members.filter(date_joined__gte=timezone.now() - timedelta(days=7)).count()
    if not pending_count and not new_this_week:
        return None
    return {
        "pending_count": pending_count,
        "pending": list(pending[:PENDING_SHOWN]),
        "new_this_week": new_this_week,
    }
