"""Who may do what with maintenance: the lab's staff, on their own lab's machines."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from fabdesk.equipment.permissions import can_manage_equipment

from .models import MaintenancePlan


def can_manage_maintenance(user, machine) -> bool:
    return can_manage_equipment(user) and user.lab_id == machine.lab_id


def plan_get_for_staff(*, viewer, plan_id: int) -> MaintenancePlan:
    """A plan of the viewer's lab; 403 for a member, 404 for another lab's plan."""
    if not can_manage_equipment(viewer):
        raise PermissionDenied
    return get_object_or_404(
        MaintenancePlan.objects.select_related("machine", "machine__lab", "machine__space"),
        pk=plan_id,
        machine__lab=viewer.lab,
    )
