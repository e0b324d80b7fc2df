"""Roles: member, staff (fab manager, host), admin. Each is a Django group holding its
permissions (created by migration 0002); a person has exactly one role."""

from enum import StrEnum

from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    MEMBER = "member"
    STAFF = "staff"
    ADMIN = "admin"


ROLE_LABELS = {Role.MEMBER: _("Member"), Role.STAFF: _("Staff"), Role.ADMIN: _("Admin")}
ROLE_CHOICES = [(role.value, ROLE_LABELS[role]) for role in Role]


def role_of(user) -> Role:
    """The person's role, read from their groups (cached on the user object)."""
    cached = getattr(user, "_fabdesk_role", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False):
        return Role.MEMBER
    if user.is_superuser:
        role = Role.ADMIN
    else:
        names = {group.name for group in user.groups.all()}
        role = next((r for r in (Role.ADMIN, Role.STAFF) if r.value in names), Role.MEMBER)
    user._fabdesk_role = role
    return role


def _role_groups() -> dict[str, Group]:
    """The three role groups. Migration 0002 creates them; if they were removed since (a
    `fabdesk flush`, a test flushing the tables), they are made again with their permissions."""
    groups = {g.name: g for g in Group.objects.filter(name__in=[r.value for r in Role])}
    if len(groups) < len(Role):
        from .role_permissions import sync_role_permissions

        for missing in {r.value for r in Role} - set(groups):
            groups[missing] = Group.objects.get_or_create(name=missing)[0]
        sync_role_permissions()
    return groups


def role_set(*, user, role: Role | str) -> None:
    """Give the person exactly this role. Admins also reach Django's admin site."""
    role = Role(role)
    groups = _role_groups()
    user.groups.remove(*[g for name, g in groups.items() if name != role.value])
    user.groups.add(groups[role.value])
    is_staff = role == Role.ADMIN
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    user._fabdesk_role = role
