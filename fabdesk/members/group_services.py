"""Rules for the lab's member groups (price categories): one default per lab, unique codes,
an order staff choose, and no deleting a group members still belong to."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fabdesk.core.errors import Conflict, Invalid
from fabdesk.core.models import Lab
from fabdesk.core.ordering import position_move
from fabdesk.core.services import audit_record, model_diff, model_snapshot

from .models import MemberGroup, User

GROUP_FIELDS = ["name", "slug", "description", "is_default"]


def _clean(lab: Lab, data: dict, *, exclude_pk: int | None = None) -> dict:
    data = {**data}
    data["name"] = (data.get("name") or "").strip()
    if not data["name"]:
        raise Invalid(_("Give the group a name."), code="name_required", field="name")
    data["slug"] = slugify(data.get("slug") or data["name"])[:60]
    if not data["slug"]:
        raise Invalid(_("Give the group a code made of letters or digits."), field="slug")
    taken = MemberGroup.objects.filter(lab=lab, slug=data["slug"]).exclude(pk=exclude_pk)
    if taken.exists():
        raise Conflict(
            _("Another group already uses the code %(slug)s.") % {"slug": data["slug"]},
            code="slug_taken",
            field="slug",
        )
    return data


def _make_default(group: MemberGroup) -> None:
    """The group becomes the lab's only default (given to members who sign up)."""
    MemberGroup.objects.filter(lab=group.lab, is_default=True).exclude(pk=group.pk).update(
        is_default=False
    )


@transaction.atomic
def member_group_create(
    *, actor: User, lab: Lab, name: str, slug: str = "", description: str = "",
    is_default: bool = False,
) -> MemberGroup:  # fmt: skip
    data = _clean(lab, {"name": name, "slug": slug, "description": description})
    last = MemberGroup.objects.filter(lab=lab).order_by("-position").first()
    group = MemberGroup(
        lab=lab,
        position=(last.position + 1) if last else 0,
        is_default=is_default,
        **data,
    )
    if is_default:
        _make_default(group)
    group.save()
    audit_record(
        actor=actor,
        target=group,
        action="member_group.created",
        changes={f: [None, str(getattr(group, f))] for f in GROUP_FIELDS},
    )
    return group


@transaction.atomic
def member_group_update(*, actor: User, group: MemberGroup, data: dict) -> MemberGroup:
    unknown = set(data) - set(GROUP_FIELDS)
    if unknown:
        raise ValueError(f"unknown group fields: {sorted(unknown)}")
    before = model_snapshot(group, GROUP_FIELDS)
    merged = _clean(group.lab, {**before, **data}, exclude_pk=group.pk)
    for name, value in merged.items():
        setattr(group, name, value)
    if group.is_default:
        _make_default(group)
    group.save()
    changes = model_diff(before, group, GROUP_FIELDS)
    if changes:
        audit_record(actor=actor, target=group, action="member_group.updated", changes=changes)
    return group


@transaction.atomic
def member_group_delete(*, actor: User, group: MemberGroup) -> None:
    """Delete a group nobody belongs to."""
    used = User.objects.filter(member_group=group).count()
    if used:
        raise Conflict(
            ngettext(
                "%(count)d member still belongs to “%(name)s”: move them to another group first.",
                "%(count)d members still belong to “%(name)s”: move them to another group first.",
                used,
            )
            % {"count": used, "name": group.name},
            code="group_in_use",
        )
    audit_record(actor=actor, target=group, action="member_group.deleted")
    group.delete()


@transaction.atomic
def member_group_move(*, actor: User, group: MemberGroup, offset: int) -> None:
    """Move a group up (offset -1) or down (+1) in the lab's list; positions become 0..n-1."""
    index, target = position_move(
        siblings=MemberGroup.objects.filter(lab=group.lab), item=group, offset=offset
    )
    if target != index:
        audit_record(
            actor=actor,
            target=group,
            action="member_group.moved",
            changes={"position": [index, target]},
        )
