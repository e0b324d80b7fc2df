"""Who may change the opening hours: the lab's staff, for their own lab."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from fabdesk.members.permissions import is_staff


def can_manage_schedule(user, lab) -> bool:
    return is_staff(user) and user.lab_id == lab.pk


def schedule_item_get_for_staff(model, *, viewer, item_id: int):
    """A closure or exceptional opening of the viewer's lab; 403 for a member, 404 across labs."""
    if not is_staff(viewer):
        raise PermissionDenied
    return get_object_or_404(model, pk=item_id, lab=viewer.lab)
