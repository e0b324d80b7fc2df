"""The trainings panel of a member's home page: their certifications at a glance (those
expiring soon or no longer valid named) and the way to their passport."""

from django.utils import timezone

from .passport import certification_entries


def member_home_panel_context(request) -> dict | None:
    user = request.user
    if not user.is_authenticated or getattr(request, "lab", None) is None:
        return None
    entries = certification_entries(user, timezone.now())
    return {
        "valid_count": sum(1 for e in entries if e.refusal is None and not e.expiring_soon),
        "expiring": [e for e in entries if e.expiring_soon],
        "invalid": [e for e in entries if e.refusal is not None],
    }
