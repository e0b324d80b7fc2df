"""Staff changes to the workshop's catalogue: machines (their record, not their status or
hours of use, see services.py), categories, spaces and machine documents. Each checks who
acts, validates, writes in a transaction and leaves an audit entry."""

from typing import Any

from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fabdesk.core.errors import Conflict, Forbidden, Invalid
from fabdesk.core.models import Lab
from fabdesk.core.ordering import position_move
from fabdesk.core.services import audit_record, model_diff, model_snapshot

from .models import Machine, MachineCategory, MachineDocument, Space
from .permissions import can_manage_equipment

MACHINE_FIELDS = [
    "name", "category", "brand", "model_name", "photo", "description", "space", "bookable",
    "staff_notes", "size_x_mm", "size_y_mm", "size_z_mm", "materials", "position",
]  # fmt: skip
CATEGORY_FIELDS = ["name", "kind"]
SPACE_FIELDS = ["name", "description", "photo", "capacity", "bookable", "position"]


def _check_staff(actor, lab: Lab) -> None:
    """Staff of this very lab (an admin of another lab is refused too)."""
    if not can_manage_equipment(actor) or actor.lab_id != lab.pk:
        raise Forbidden(_("Only the lab's staff can change the workshop."), code="staff_only")


def _check_fields(data: dict, allowed: list[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")


def _require_name(data: dict) -> str:
    name = (data.get("name") or "").strip()
    if not name:
        raise Invalid(_("Give it a name."), code="name_required", field="name")
    return name


def unique_slug(model: type[models.Model], *, lab: Lab, name: str, exclude_pk=None) -> str:
    """A code made from the name, unique in the lab: "prusa-mk4", then "prusa-mk4-2"..."""
    max_length = model._meta.get_field("slug").max_length
    base = slugify(name)[: max_length - 4] or "item"
    taken = set(
        model.objects.filter(lab=lab, slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _next_position(queryset) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def _clean_input(data: dict, fields: list[str], *, target=None) -> dict:
    """Checked input for a creation (no target) or for a change of `target`."""
    _check_fields(data, fields)
    data = _photo_cleared(data)
    if target is None or "name" in data:
        data["name"] = _require_name(data)
    if target is not None and "position" in data and data["position"] is None:
        data["position"] = target.position
    return data


def _create_row(model: type[models.Model], *, lab: Lab, data: dict) -> Any:
    """A new row of the lab, last in its list, with a code made from its name."""
    if data.get("position") is None:
        data["position"] = _next_position(model.objects.filter(lab=lab))
    row = model(lab=lab, slug=unique_slug(model, lab=lab, name=data["name"]), **data)
    row.save()
    return row


def _check_same_lab(lab: Lab, data: dict) -> None:
    for name in ("category", "space"):
        value = data.get(name)
        if value is not None and value.lab_id != lab.pk:
            raise Invalid(_("Choose one of the lab's own entries."), code="other_lab", field=name)
    if "category" in data and data["category"] is None:
        raise Invalid(_("Choose a category."), code="category_required", field="category")


def _created(actor, target, fields: list[str], action: str) -> None:
    changes = {f: [None, str(getattr(target, f)) if getattr(target, f) is not None else None]
               for f in fields}  # fmt: skip
    audit_record(actor=actor, target=target, action=action, changes=changes)


def _photo_cleared(data: dict) -> dict:
    """A form's "clear" checkbox gives False, an empty field None: no photo."""
    return {**data, "photo": data["photo"] or ""} if "photo" in data else {**data}


def _apply_update(actor, target, data: dict, fields: list[str], action: str) -> None:
    before = model_snapshot(target, fields)
    for name, value in data.items():
        setattr(target, name, value)
    target.save()
    changes = model_diff(before, target, fields)
    if changes:
        audit_record(actor=actor, target=target, action=action, changes=changes)


# --- machines ------------------------------------------------------------------------------


@transaction.atomic
def machine_create(*, actor, lab: Lab, data: dict[str, Any]) -> Machine:
    """A new machine, in service. `data` holds MACHINE_FIELDS (name and category needed)."""
    _check_staff(actor, lab)
    data = _clean_input(data, MACHINE_FIELDS)
    data.setdefault("category", None)
    _check_same_lab(lab, data)
    machine = _create_row(Machine, lab=lab, data=data)
    _created(actor, machine, ["name", "category", "space"], "machine.created")
    return machine


@transaction.atomic
def machine_update(*, actor, machine: Machine, data: dict[str, Any]) -> Machine:
    """Change a machine's record. Its status and hours of use have their own services."""
    _check_staff(actor, machine.lab)
    data = _clean_input(data, MACHINE_FIELDS, target=machine)
    _check_same_lab(machine.lab, data)
    if "name" in data and data["name"] != machine.name:
        machine.slug = unique_slug(
            Machine, lab=machine.lab, name=data["name"], exclude_pk=machine.pk
        )
    _apply_update(actor, machine, data, MACHINE_FIELDS, "machine.updated")
    return machine


# --- categories ----------------------------------------------------------------------------


@transaction.atomic
def category_create(*, actor, lab: Lab, name: str, kind: str) -> MachineCategory:
    _check_staff(actor, lab)
    _check_kind(kind)
    data = _clean_input({"name": name, "kind": kind}, CATEGORY_FIELDS)
    category = _create_row(MachineCategory, lab=lab, data=data)
    _created(actor, category, CATEGORY_FIELDS, "machine_category.created")
    return category


def _check_kind(kind: str) -> None:
    if kind not in MachineCategory.Kind.values:
        raise Invalid(_("Choose a kind of machine."), code="bad_kind", field="kind")


@transaction.atomic
def category_update(*, actor, category: MachineCategory, data: dict[str, Any]) -> MachineCategory:
    _check_staff(actor, category.lab)
    data = _clean_input(data, CATEGORY_FIELDS, target=category)
    if "kind" in data:
        _check_kind(data["kind"])
    _apply_update(actor, category, data, CATEGORY_FIELDS, "machine_category.updated")
    return category


@transaction.atomic
def category_delete(*, actor, category: MachineCategory) -> None:
    """Delete a category no machine belongs to (retired machines included)."""
    _check_staff(actor, category.lab)
    used = Machine.objects.filter(category=category).count()
    if used:
        raise Conflict(
            ngettext(
                "%(count)d machine still belongs to “%(name)s”: move it to another category first.",
                "%(count)d machines still belong to “%(name)s”: move them to another category "
                "first.",
                used,
            )
            % {"count": used, "name": category.name},
            code="category_in_use",
        )
    audit_record(actor=actor, target=category, action="machine_category.deleted")
    category.delete()


@transaction.atomic
def category_move(*, actor, category: MachineCategory, offset: int) -> None:
    """Move a category up (offset -1) or down (+1); positions become 0..n-1."""
    _check_staff(actor, category.lab)
    index, target = position_move(
        siblings=MachineCategory.objects.filter(lab=category.lab), item=category, offset=offset
    )
    if target == index:
        return
    audit_record(
        actor=actor,
        target=category,
        action="machine_category.moved",
        changes={"position": [index, target]},
    )


# --- spaces --------------------------------------------------------------------------------


@transaction.atomic
def space_create(*, actor, lab: Lab, data: dict[str, Any]) -> Space:
    _check_staff(actor, lab)
    space = _create_row(Space, lab=lab, data=_clean_input(data, SPACE_FIELDS))
    _created(actor, space, ["name", "capacity", "bookable"], "space.created")
    return space


@transaction.atomic
def space_update(*, actor, space: Space, data: dict[str, Any]) -> Space:
    _check_staff(actor, space.lab)
    data = _clean_input(data, SPACE_FIELDS, target=space)
    _apply_update(actor, space, data, SPACE_FIELDS, "space.updated")
    return space


@transaction.atomic
def space_delete(*, actor, space: Space) -> None:
    """Delete a space no machine sits in (retired machines included)."""
    _check_staff(actor, space.lab)
    used = Machine.objects.filter(space=space).count()
    if used:
        raise Conflict(
            ngettext(
                "%(count)d machine is still in “%(name)s”: move it elsewhere first.",
                "%(count)d machines are still in “%(name)s”: move them elsewhere first.",
                used,
            )
            % {"count": used, "name": space.name},
            code="space_in_use",
        )
    audit_record(actor=actor, target=space, action="space.deleted")
    space.delete()


# --- documents -----------------------------------------------------------------------------


@transaction.atomic
def document_add(
    *, actor, machine: Machine, title: str, kind: str, file=None, url: str = ""
) -> MachineDocument:
    """Attach a user manual, a safety sheet...: an uploaded PDF (already checked by
    core.uploads.pdf_clean) or a link, exactly one of them."""
    _check_staff(actor, machine.lab)
    title = title.strip()
    if not title:
        raise Invalid(_("Give the document a title."), code="title_required", field="title")
    if kind not in MachineDocument.Kind.values:
        raise Invalid(_("Choose a kind of document."), code="bad_kind", field="kind")
    url = (url or "").strip()
    if bool(file) == bool(url):
        raise Invalid(
            _("Give either a PDF file or a link, not both."), code="file_or_link", field="file"
        )
    if url and not url.startswith(("https://", "http://")):
        raise Invalid(_("A link starts with https:// or http://."), code="bad_url", field="url")
    document = MachineDocument(
        machine=machine,
        title=title,
        kind=kind,
        url=url,
        position=_next_position(machine.documents.all()),
    )
    if file:
        document.file.save(file.name, file, save=False)
    document.save()
    audit_record(
        actor=actor,
        target=machine,
        action="machine.document_added",
        changes={"document": [None, title]},
    )
    return document


@transaction.atomic
def document_delete(*, actor, document: MachineDocument) -> None:
    _check_staff(actor, document.machine.lab)
    machine, title = document.machine, document.title
    stored = document.file.name if document.file else ""
    storage = document.file.storage
    document.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
    audit_record(
        actor=actor,
        target=machine,
        action="machine.document_deleted",
        changes={"document": [title, None]},
    )
