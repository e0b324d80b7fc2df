from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from fabdesk.members.permissions import is_staff


def staff_required(view):
    """Anonymous → login page; a member → 403; staff and admins go through."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
