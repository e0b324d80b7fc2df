"""Who may do what with the workshop's equipment."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from fabdesk.members.permissions import is_staff

from .models import Machine, Space


def can_manage_equipment(user) -> bool:
    """Staff (fab managers, hosts) and admins manage machines, spaces and their status."""
    return is_staff(user)


def machine_get(*, lab, machine_id: int) -> Machine:
    """A machine of the lab, or 404 (also for a machine of another lab)."""
    return get_object_or_404(
        Machine.objects.select_related("category", "space"), pk=machine_id, lab=lab
    )


def machine_get_for_staff(*, viewer, machine_id: int) -> Machine:
    if not can_manage_equipment(viewer):
        raise PermissionDenied
    return machine_get(lab=viewer.lab, machine_id=machine_id)


def space_get(*, lab, space_id: int) -> Space:
    return get_object_or_404(Space, pk=space_id, lab=lab)
