"""Writes to the lab's own settings and to the audit log."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from .models import AuditEntry, Lab


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, FieldFile):  # an empty one has no url: compare names only
        return value.name or ""
    return str(value)


def model_diff(before: dict[str, Any], instance: models.Model, fields: list[str]) -> dict:
    """{field: [old, new]} for the fields whose value changed since `before` was taken."""
    changes = {}
    for name in fields:
        old, new = _jsonable(before.get(name)), _jsonable(getattr(instance, name))
        if old != new:
            changes[name] = [old, new]
    return changes


def model_snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def audit_record(
    *,
    actor,
    target: models.Model,
    action: str,
    changes: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    """Record that `actor` did `action` to `target`. Call it inside the service's transaction
    so the change and its record land together or not at all."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        changes=changes or {},
        reason=reason,
    )


LAB_EDITABLE_FIELDS = [
    "name", "legal_name", "address_line1", "address_line2", "postal_code", "city", "country",
    "email", "phone", "website", "logo", "time_zone", "currency", "default_vat_rate",
    "vat_exempt", "siret", "vat_number", "rna", "ape_code", "legal_form", "share_capital",
    "rcs", "terms_url", "requires_member_validation",
]  # fmt: skip


@transaction.atomic
def lab_update(*, actor, lab: Lab, data: dict[str, Any]) -> Lab:
    """Change the lab's settings (staff only: the caller checked the permission)."""
    before = model_snapshot(lab, LAB_EDITABLE_FIELDS)
    for name, value in data.items():
        if name not in LAB_EDITABLE_FIELDS:
            raise ValueError(f"{name} is not an editable lab setting")
        setattr(lab, name, value)
    lab.full_clean()
    lab.save()
    changes = model_diff(before, lab, LAB_EDITABLE_FIELDS)
    if changes:
        audit_record(actor=actor, target=lab, action="lab.updated", changes=changes)
    return lab
