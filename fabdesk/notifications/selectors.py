"""Reads of a person's notifications and preferences."""

from django.db.models import QuerySet

from .kinds import NotificationKind, kinds_all
from .models import Notification, NotificationPreference


def notification_list_for(user) -> QuerySet[Notification]:
    """The person's notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def notification_unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_preferences_for(user) -> list[tuple[NotificationKind, bool, bool]]:
    """Every registered kind with the person's (by_email, in_app) choice; mandatory kinds are
    always on, kinds without a stored choice show their defaults."""
    stored = {
        pref.kind: (pref.by_email, pref.in_app)
        for pref in NotificationPreference.objects.filter(user=user)
    }
    rows = []
    for kind in kinds_all():
        if kind.mandatory:
            by_email, in_app = True, True
        else:
            by_email, in_app = stored.get(kind.key, (kind.email_by_default, True))
        rows.append((kind, by_email, in_app))
    return rows
