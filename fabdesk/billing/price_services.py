"""Staff changing the price lists: a price changes by adding an entry valid from a day; the
entry it replaces (same machine or category, space, item, plan or pack, same member group,
same plan for reduced rates) ends the day before. Past charges keep the amounts they were
made with (they store them). An entry that has not started yet may be removed (the one it
replaced then runs on as before); one that has started is only ever ended.

Plans, packs and items are saved here too (their own fields; their prices are entries)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from fabdesk.core.errors import Conflict, Forbidden, Invalid
from fabdesk.core.services import audit_record
from fabdesk.core.timeutils import lab_today
from fabdesk.members.permissions import is_staff

from .pack_models import PackPrice
from .plan_models import PlanPrice
from .price_models import ItemPrice, MachinePrice, PriceEntry, SpacePrice

# What makes two entries "the same price" at different times.
KEY_FIELDS = {
    MachinePrice: ("machine_id", "category_id", "member_group_id", "plan_id"),
    SpacePrice: ("space_id", "member_group_id", "plan_id"),
    ItemPrice: ("item_id", "member_group_id"),
    PlanPrice: ("plan_id", "member_group_id"),
    PackPrice: ("pack_id", "member_group_id"),
}
ONE_DAY = dt.timedelta(days=1)


def _check_staff(*, actor, lab) -> None:
    if not is_staff(actor) or getattr(actor, "lab_id", None) != lab.pk:
        raise Forbidden()


def _validate(instance) -> None:
    """The model's own rules (clean(), fields, constraints) as one Invalid."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise Invalid(" ".join(messages), code="invalid",
                      field=None if field == "__all__" else field) from None  # fmt: skip


def same_price(entry: PriceEntry):
    """The entries of the lab that are the same price as `entry` (itself excluded)."""
    model = type(entry)
    key = {name: getattr(entry, name) for name in KEY_FIELDS[model]}
    return model.objects.filter(lab_id=entry.lab_id, **key).exclude(pk=entry.pk)


@transaction.atomic
def price_set(*, actor, entry: PriceEntry) -> PriceEntry:
    """Save a new price entry (unsaved, its lab set) from `entry.valid_from`; the same
    price valid then ends the day before. Refused when the same price already has an entry
    from that day or later (change or remove that one)."""
    _check_staff(actor=actor, lab=entry.lab)
    if entry.pk is not None:
        raise Conflict(_("A price is changed by a new entry from a date."), code="price_saved")
    _validate(entry)
    same = same_price(entry).select_for_update(of=("self",))
    later = same.filter(valid_from__gte=entry.valid_from).order_by("valid_from").first()
    if later is not None:
        raise Conflict(
            _("This price already has an entry from %(day)s: change or remove that one.")
            % {"day": later.valid_from},
            code="price_later_exists",
            field="valid_from",
        )
    running = same.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=entry.valid_from))
    for replaced in running:
        replaced.valid_until = entry.valid_from - ONE_DAY
        replaced.save(update_fields=["valid_until"])
    entry.save()
    audit_record(actor=actor, target=entry, action="billing.price_set",
                 changes={"valid_from": str(entry.valid_from)})  # fmt: skip
    return entry


@transaction.atomic
def price_end(*, actor, entry: PriceEntry, last_day: dt.date) -> PriceEntry:
    """Stop a price after `last_day` (nothing replaces it)."""
    _check_staff(actor=actor, lab=entry.lab)
    if last_day < entry.valid_from:
        raise Invalid(_("The end is before the start."), code="invalid", field="valid_until")
    if entry.valid_until is not None and entry.valid_until < lab_today(entry.lab.tzinfo):
        raise Conflict(_("This price has ended already."), code="price_ended")
    entry.valid_until = last_day
    entry.save(update_fields=["valid_until"])
    audit_record(actor=actor, target=entry, action="billing.price_ended",
                 changes={"valid_until": str(last_day)})  # fmt: skip
    return entry


@transaction.atomic
def price_remove(*, actor, entry: PriceEntry) -> None:
    """Remove an entry that has not started yet; the one it replaced runs on."""
    _check_staff(actor=actor, lab=entry.lab)
    if entry.valid_from <= lab_today(entry.lab.tzinfo):
        raise Conflict(
            _("This price is in use since %(day)s: end it, or change it from a later day.")
            % {"day": entry.valid_from},
            code="price_started",
        )
    replaced = same_price(entry).filter(valid_until=entry.valid_from - ONE_DAY).first()
    if replaced is not None:
        replaced.valid_until = entry.valid_until
        replaced.save(update_fields=["valid_until"])
    audit_record(actor=actor, target=entry, action="billing.price_removed")
    entry.delete()


@transaction.atomic
def catalogue_save(*, actor, instance, many: dict | None = None):
    """Save a plan, a pack or an item (its lab set), with its many-to-many fields."""
    _check_staff(actor=actor, lab=instance.lab)
    _validate(instance)
    created = instance.pk is None
    instance.save()
    for name, values in (many or {}).items():
        getattr(instance, name).set(values)
    action = "created" if created else "changed"
    audit_record(actor=actor, target=instance,
                 action=f"billing.{instance._meta.model_name}_{action}")  # fmt: skip
    return instance
