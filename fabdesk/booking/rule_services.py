"""Staff change the booking rules of their lab: set one (the lab default, a category's, a
machine's or a space's), change it, delete it (its target then follows the next rule up).
Each change is audited. `BookingRule.clean()` holds the rules about one rule's values, so
the admin site and these pages accept the same rules."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fabdesk.core.errors import Forbidden, Invalid
from fabdesk.core.services import audit_record, model_diff, model_snapshot
from fabdesk.members.permissions import is_staff

from .models import BookingRule

RULE_FIELDS = [
    "slot_minutes", "min_minutes", "max_minutes", "max_hours_per_week", "advance_days",
    "notice_minutes", "cancel_hours", "buffer_minutes", "outside_opening_hours_allowed",
    "requires_certification", "no_show_after_minutes", "reminder_hours",
]  # fmt: skip


def can_manage_rules(user, lab_id: int) -> bool:
    return is_staff(user) and user.lab_id == lab_id


def _check_staff(actor, rule: BookingRule) -> None:
    if not can_manage_rules(actor, rule.lab_id):
        raise Forbidden(_("Only the lab's staff can change the booking rules."), code="staff_only")


def _invalid(exc: ValidationError) -> Invalid:
    field, messages = next(iter(exc.message_dict.items()))
    return Invalid(
        messages[0], code="invalid_rule", field=None if field == NON_FIELD_ERRORS else field
    )


@transaction.atomic
def booking_rule_save(*, actor, rule: BookingRule, data: dict) -> BookingRule:
    """Create `rule` (unsaved, its lab and target set) or change it with `data` (values of
    RULE_FIELDS only)."""
    _check_staff(actor, rule)
    unknown = set(data) - set(RULE_FIELDS)
    if unknown:
        raise Invalid(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    created = rule.pk is None
    before = {} if created else model_snapshot(rule, RULE_FIELDS)
    for name, value in data.items():
        setattr(rule, name, value)
    try:
        rule.full_clean()
    except ValidationError as exc:
        raise _invalid(exc) from exc
    rule.save()
    changes = model_diff(before, rule, RULE_FIELDS)
    if created or changes:
        action = "booking_rule.created" if created else "booking_rule.updated"
        audit_record(actor=actor, target=rule, action=action, changes=changes)
    return rule


@transaction.atomic
def booking_rule_delete(*, actor, rule: BookingRule) -> None:
    """Delete a rule: its machine, category, space (or the lab) follows the next rule up."""
    _check_staff(actor, rule)
    audit_record(
        actor=actor,
        target=rule,
        action="booking_rule.deleted",
        changes=model_diff({}, rule, RULE_FIELDS),
    )
    rule.delete()
