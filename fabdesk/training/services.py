"""Staff changes to the training catalogue: a training's record, what it unlocks, its
prerequisites (never in a loop), its volunteer trainers and its prices per member group. Each
checks who acts, validates, writes in a transaction and leaves an audit entry.

Sessions, enrolments and certifications have their own services (session_services.py,
certification_services.py)."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from fabdesk.core.errors import Forbidden, Invalid
from fabdesk.core.models import Lab
from fabdesk.core.services import audit_record, model_diff, model_snapshot
from fabdesk.equipment.catalogue_services import unique_slug
from fabdesk.members.models import MemberGroup
from fabdesk.members.permissions import is_staff

from .certification_check import certification_state
from .models import Training, TrainingPrice

TRAINING_FIELDS = [
    "title", "slug", "description", "duration_minutes", "validity_months", "lapse_months",
    "min_participants", "max_participants", "auto_cancel_hours", "cancel_deadline_hours",
    "expiry_reminder_days", "teaching_pack", "teaching_pack_url", "is_active", "position",
]  # fmt: skip
RELATED_FIELDS = ["machines", "categories", "prerequisites", "trainers"]


def check_staff_of_lab(actor, lab_id: int) -> None:
    """Staff of this very lab (an admin of another lab is refused too)."""
    if not (is_staff(actor) and actor.lab_id == lab_id):
        raise Forbidden(_("Only the lab's staff can change the trainings."), code="staff_only")


def _clean(data: dict[str, Any], *, training: Training | None, lab: Lab) -> dict[str, Any]:
    unknown = set(data) - set(TRAINING_FIELDS) - set(RELATED_FIELDS) - {"prices"}
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    data = {**data}
    if training is None or "title" in data:
        data["title"] = (data.get("title") or "").strip()
        if not data["title"]:
            raise Invalid(_("Give the training a title."), code="title_required", field="title")
    if "slug" in data:
        data["slug"] = slugify(data["slug"] or "")
        if not data["slug"]:
            del data["slug"]
        elif (
            Training.objects.filter(lab=lab, slug=data["slug"])
            .exclude(pk=getattr(training, "pk", None))
            .exists()
        ):
            raise Invalid(
                _("Another training already has the code “%(code)s”.") % {"code": data["slug"]},
                code="slug_taken",
                field="slug",
            )
    if "teaching_pack" in data:
        data["teaching_pack"] = data["teaching_pack"] or ""  # the form's "clear" gives False
    if "position" in data and data["position"] is None:
        data["position"] = training.position if training else _next_position(lab)
    low = data.get("min_participants", getattr(training, "min_participants", 1))
    high = data.get("max_participants", getattr(training, "max_participants", 1))
    if low is not None and high is not None and low > high:
        raise Invalid(
            _("The minimum number of participants cannot be above the maximum."),
            code="min_above_max",
            field="min_participants",
        )
    return data


def _next_position(lab: Lab) -> int:
    positions = Training.objects.filter(lab=lab).order_by("-position")
    last = positions.values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def _full_clean(training: Training) -> None:
    """The model's own field rules (at least 1 month, 1 participant...) as a domain error."""
    try:
        training.full_clean(exclude=["lab", "teaching_pack"], validate_constraints=False)
    except ValidationError as exc:
        name, messages = next(iter(exc.message_dict.items()))
        raise Invalid(messages[0], code="invalid", field=name) from exc


def _check_same_lab(lab: Lab, data: dict[str, Any]) -> None:
    for name in RELATED_FIELDS:
        if any(item.lab_id != lab.pk for item in data.get(name) or []):
            raise Invalid(_("Choose the lab's own entries."), code="other_lab", field=name)
    for group in data.get("prices") or {}:
        if group.lab_id != lab.pk:
            raise Invalid(_("Choose the lab's own entries."), code="other_lab", field="prices")


def prerequisite_closure(training_ids: set[int]) -> set[int]:
    """Every training reachable from `training_ids` by following prerequisites (them too)."""
    seen, frontier = set(training_ids), set(training_ids)
    links = Training.prerequisites.through.objects
    while frontier:
        found = set(
            links.filter(from_training_id__in=frontier).values_list("to_training_id", flat=True)
        )
        frontier = found - seen
        seen |= found
    return seen


def _check_prerequisites(training: Training, prerequisites) -> None:
    """Refuse a prerequisite that is the training itself, or that (through its own
    prerequisites) already needs this training: members could never start the loop."""
    for prerequisite in prerequisites:
        if prerequisite.pk == training.pk:
            raise Invalid(
                _("A training cannot be its own prerequisite."),
                code="prerequisite_loop",
                field="prerequisites",
            )
        if training.pk in prerequisite_closure({prerequisite.pk}):
            raise Invalid(
                _(
                    "“%(prerequisite)s” already needs “%(training)s” (directly or through "
                    "another training): it cannot also be its prerequisite."
                )
                % {"prerequisite": prerequisite.title, "training": training.title},
                code="prerequisite_loop",
                field="prerequisites",
            )


def _check_trainers(training: Training, trainers) -> None:
    """Volunteer trainers are members who hold this training's certification (staff may lead
    any session anyway)."""
    for person in trainers:
        if is_staff(person):
            continue
        _cert, refusal = certification_state(member=person, training=training, at=timezone.now())
        if refusal is not None:
            raise Invalid(
                _(
                    "%(person)s does not hold a valid certification for this training: grant "
                    "it first, then make them a trainer."
                )
                % {"person": person},
                code="trainer_not_certified",
                field="trainers",
            )


def _related_snapshot(training: Training) -> dict[str, list[str]]:
    snapshot = {name: sorted(str(item) for item in getattr(training, name).all())
                for name in RELATED_FIELDS}  # fmt: skip
    snapshot["prices"] = sorted(
        f"{price.member_group.name}: {price.amount}"
        for price in training.prices.select_related("member_group")
    )
    return snapshot


def _set_prices(training: Training, prices: dict[MemberGroup, Decimal | None]) -> None:
    for group, amount in prices.items():
        if amount is None:
            TrainingPrice.objects.filter(training=training, member_group=group).delete()
            continue
        if amount < 0:
            raise Invalid(_("A price cannot be negative."), code="negative_price", field="prices")
        TrainingPrice.objects.update_or_create(
            training=training, member_group=group, defaults={"amount": amount}
        )


def _apply_related(training: Training, data: dict[str, Any]) -> None:
    if "prerequisites" in data:
        _check_prerequisites(training, data["prerequisites"])
    if "trainers" in data:
        _check_trainers(training, data["trainers"])
    for name in RELATED_FIELDS:
        if name in data:
            getattr(training, name).set(data[name])
    if "prices" in data:
        _set_prices(training, data["prices"])


def _related_diff(before: dict, after: dict) -> dict:
    return {name: [before[name], after[name]] for name in after if before[name] != after[name]}


@transaction.atomic
def training_create(*, actor, lab: Lab, data: dict[str, Any]) -> Training:
    """A new training of the lab. `data` holds TRAINING_FIELDS (a title is needed), the
    related lists (machines, categories, prerequisites, trainers) and `prices`
    ({member group: amount or None})."""
    check_staff_of_lab(actor, lab.pk)
    data = _clean(data, training=None, lab=lab)
    _check_same_lab(lab, data)
    fields = {name: data[name] for name in TRAINING_FIELDS if name in data}
    fields.setdefault("slug", unique_slug(Training, lab=lab, name=data["title"]))
    if fields.get("position") is None:
        fields["position"] = _next_position(lab)
    training = Training(lab=lab, **fields)
    _full_clean(training)
    training.save()
    empty = _related_snapshot(training)
    _apply_related(training, data)
    changes = {name: [None, str(getattr(training, name))] for name in ("title", "slug")}
    changes |= _related_diff(empty, _related_snapshot(training))
    audit_record(actor=actor, target=training, action="training.created", changes=changes)
    return training


@transaction.atomic
def training_update(*, actor, training: Training, data: dict[str, Any]) -> Training:
    """Change a training: only the names given in `data` (see training_create)."""
    check_staff_of_lab(actor, training.lab_id)
    training = Training.objects.select_for_update().get(pk=training.pk)
    data = _clean(data, training=training, lab=training.lab)
    _check_same_lab(training.lab, data)
    before = model_snapshot(training, TRAINING_FIELDS)
    related_before = _related_snapshot(training)
    for name in TRAINING_FIELDS:
        if name in data:
            setattr(training, name, data[name])
    _full_clean(training)
    training.save()
    _apply_related(training, data)
    changes = model_diff(before, training, TRAINING_FIELDS)
    changes |= _related_diff(related_before, _related_snapshot(training))
    if changes:
        audit_record(actor=actor, target=training, action="training.updated", changes=changes)
    return training


def training_price_for(training: Training, group_id: int | None) -> Decimal | None:
    """What a member of the group pays (None: no price set), from prefetched prices."""
    for price in training.prices.all():
        if price.member_group_id == group_id:
            return price.amount
    return None
