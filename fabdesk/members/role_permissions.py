"""The Django permissions each role group holds, kept in step after every migrate.

Later apps add their own lines here (e.g. "booking.change_reservation" for staff)."""

from django.contrib.auth.models import Group, Permission

STAFF_PERMISSIONS = [
    "members.view_user", "members.add_user", "members.change_user",
    "members.view_membergroup", "members.add_membergroup", "members.change_membergroup",
    "members.delete_membergroup", "core.view_lab", "core.change_lab", "core.view_auditentry",
]  # fmt: skip
ADMIN_PERMISSIONS = "__all__"
MEMBER_PERMISSIONS: list[str] = []


def _permissions(codes: list[str]):
    wanted = [code.split(".", 1) for code in codes]
    perms = Permission.objects.select_related("content_type")
    return [p for p in perms if [p.content_type.app_label, p.codename] in wanted]


def sync_role_permissions(**kwargs) -> None:
    groups = {g.name: g for g in Group.objects.filter(name__in=["member", "staff", "admin"])}
    if len(groups) < 3:
        return
    groups["member"].permissions.set(_permissions(MEMBER_PERMISSIONS))
    groups["staff"].permissions.set(_permissions(STAFF_PERMISSIONS))
    groups["admin"].permissions.set(Permission.objects.all())
