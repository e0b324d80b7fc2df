"""Staff changes to the print catalogue: materials and their colours, print profiles, and the
lab's print settings with a rate per member group. Each checks the row with its model's
clean() (the rules the staff forms show too) and is recorded in the audit log."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from fabdesk.core.errors import Conflict, Invalid
from fabdesk.core.services import audit_record, model_diff, model_snapshot
from fabdesk.members.models import MemberGroup

from .models import GroupPrintRate, Material, MaterialColour, PrintProfile, PrintSettings

MATERIAL_FIELDS = [
    "code", "name", "technology", "density_g_cm3", "price_per_kg", "filament_diameter_mm",
    "description", "active", "position",
]  # fmt: skip
COLOUR_FIELDS = ["name", "hex_code", "in_stock"]
PROFILE_FIELDS = [
    "name", "printer", "layer_height_mm", "first_layer_height_mm", "nozzle_mm",
    "infill_percent", "perimeters", "top_layers", "bottom_layers", "perimeter_speed_mm_s",
    "infill_speed_mm_s", "travel_speed_mm_s", "first_layer_speed_mm_s", "is_default",
]  # fmt: skip
SETTINGS_FIELDS = [
    "hourly_rate", "handling_fee", "minimum_price", "max_upload_mb", "max_triangles",
    "accepts_visitors",
]  # fmt: skip


def _checked(instance: models.Model) -> None:
    """The model's own rules (clean, fields, constraints) as a domain refusal."""
    try:
        instance.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise Invalid(
            messages[0], code="invalid", field=None if field == "__all__" else field
        ) from None


def _save(*, actor, instance, fields: list[str], data: dict, action: str):
    """Apply `data`, check, save and audit (created: every field; updated: the changes)."""
    unknown = set(data) - set(fields)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    creating = instance.pk is None
    before = model_snapshot(instance, fields)
    for name, value in data.items():
        setattr(instance, name, value)
    _checked(instance)
    instance.save()
    changes = model_diff({} if creating else before, instance, fields)
    if changes:
        audit_record(
            actor=actor,
            target=instance,
            action=f"{action}.{'created' if creating else 'updated'}",
            changes=changes,
        )
    return instance


@transaction.atomic
def material_save(*, actor, lab, data: dict, material: Material | None = None) -> Material:
    return _save(
        actor=actor, instance=material or Material(lab=lab), fields=MATERIAL_FIELDS,
        data=data, action="print_material",
    )  # fmt: skip


@transaction.atomic
def colour_save(
    *, actor, material: Material, data: dict, colour: MaterialColour | None = None
) -> MaterialColour:
    return _save(
        actor=actor, instance=colour or MaterialColour(material=material),
        fields=COLOUR_FIELDS, data=data, action="print_colour",
    )  # fmt: skip


@transaction.atomic
def colour_delete(*, actor, colour: MaterialColour) -> None:
    audit_record(actor=actor, target=colour, action="print_colour.deleted")
    colour.delete()


@transaction.atomic
def profile_save(*, actor, lab, data: dict, profile: PrintProfile | None = None) -> PrintProfile:
    """A profile; made the lab's one default when asked (the former default stops being)."""
    profile = profile or PrintProfile(lab=lab)
    if data.get("is_default"):
        PrintProfile.objects.filter(lab=lab, is_default=True).exclude(pk=profile.pk).update(
            is_default=False
        )
    return _save(
        actor=actor, instance=profile, fields=PROFILE_FIELDS, data=data, action="print_profile"
    )


@transaction.atomic
def profile_delete(*, actor, profile: PrintProfile) -> None:
    audit_record(actor=actor, target=profile, action="print_profile.deleted")
    try:
        with transaction.atomic():
            profile.delete()
    except ProtectedError:
        raise Conflict(
            _("Print jobs use the profile “%(name)s”: it cannot be deleted.")
            % {"name": profile.name},
            code="profile_in_use",
        ) from None


@transaction.atomic
def print_settings_save(
    *, actor, lab, data: dict, group_rates: dict[int, Decimal | None] | None = None
) -> PrintSettings:
    """The lab's print settings, and its member groups' own hourly rates (None: the group
    pays the lab's rate)."""
    settings = PrintSettings.objects.filter(lab=lab).first() or PrintSettings(lab=lab)
    settings = _save(
        actor=actor, instance=settings, fields=SETTINGS_FIELDS, data=data, action="print_settings"
    )
    groups = {group.pk: group for group in MemberGroup.objects.filter(lab=lab)}
    existing = {rate.group_id: rate for rate in settings.rates.all()}
    for group_id, amount in (group_rates or {}).items():
        if group_id not in groups:
            raise Invalid(_("Choose one of the lab's member groups."), code="unknown_group")
        rate = existing.get(group_id)
        if amount is None:
            if rate is not None:
                audit_record(actor=actor, target=rate, action="print_rate.deleted")
                rate.delete()
            continue
        if rate is None:
            rate = GroupPrintRate(settings=settings, group=groups[group_id])
        _save(
            actor=actor, instance=rate, fields=["hourly_rate"], data={"hourly_rate": amount},
            action="print_rate",
        )  # fmt: skip
    return settings
