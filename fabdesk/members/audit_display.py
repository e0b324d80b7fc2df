"""The audit log of a member, put in words staff can read: field labels, old → new."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from .models import User
from .roles import ROLE_LABELS, Role

ACTION_LABELS = {
    "member.created": _("Member created"),
    "member.updated": _("Record changed"),
    "member.imported": _("Imported from a CSV file"),
    "member.status_changed": _("Status changed"),
    "member.role_changed": _("Role changed"),
}
EXTRA_LABELS = {"role": _("role")}


def _label(name: str) -> str:
    if name in EXTRA_LABELS:
        return str(EXTRA_LABELS[name])
    try:
        return str(User._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _value(name: str, value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if name == "status" and value in User.Status.values:
        return str(User.Status(value).label)
    if name == "role" and value in {r.value for r in Role}:
        return str(ROLE_LABELS[Role(value)])
    if name == "language":
        return str(dict(User._meta.get_field("language").choices).get(value, value))
    return str(value)


def audit_lines(entries) -> list[dict]:
    """One dict per entry: when, who, what (label) and the changes as (label, old, new)."""
    lines = []
    for entry in entries:
        changes = [
            (_label(name), _value(name, pair[0]), _value(name, pair[1]))
            for name, pair in (entry.changes or {}).items()
            if isinstance(pair, list | tuple) and len(pair) == 2
        ]
        lines.append(
            {
                "when": entry.created_at,
                "actor": entry.actor,
                "action": ACTION_LABELS.get(entry.action, entry.action),
                "changes": changes,
                "reason": entry.reason,
            }
        )
    return lines
