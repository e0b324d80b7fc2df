"""Who may do what with members. Plain predicates; views and the API both use them."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import User
from .roles import Role, role_of


def is_staff(user) -> bool:
    """Staff or admin: runs the lab (manages members, settings, later bookings and invoices)."""
    return getattr(user, "is_authenticated", False) and role_of(user) in (Role.STAFF, Role.ADMIN)


def is_admin(user) -> bool:
    return getattr(user, "is_authenticated", False) and role_of(user) == Role.ADMIN


def can_view_member(viewer, member: User) -> bool:
    return viewer.pk == member.pk or (is_staff(viewer) and viewer.lab_id == member.lab_id)


def can_change_role(viewer, member: User) -> bool:
    """Only admins of the member's lab make or unmake staff and admins, and nobody demotes
    themself by accident."""
    return is_admin(viewer) and viewer.pk != member.pk and viewer.lab_id == member.lab_id


def member_get_for_staff(*, viewer, member_id: int) -> User:
    """Fetch a member of the viewer's lab, or 404; 403 if the viewer is not staff."""
    if not is_staff(viewer):
        raise PermissionDenied
    return get_object_or_404(
        User.objects.select_related("member_group", "lab"), pk=member_id, lab=viewer.lab
    )
