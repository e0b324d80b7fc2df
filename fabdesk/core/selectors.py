"""Reads about the lab and the audit log."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from .models import AuditEntry, Lab


def lab_default() -> Lab | None:
    """The lab shown to visitors: the first one created."""
    return Lab.objects.order_by("id").first()


def lab_for_user(user) -> Lab | None:
    if getattr(user, "is_authenticated", False) and getattr(user, "lab_id", None):
        return user.lab
    return lab_default()


def labs_are_several() -> bool:
    """With a single lab, the UI never mentions labs."""
    return Lab.objects.count() > 1


def audit_entries_for(target: Model) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
