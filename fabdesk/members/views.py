from django.shortcuts import render

from fabdesk.core.decorators import staff_required

from .selectors import member_list as select_members


@staff_required
def member_list(request):
    """Placeholder list; the members work replaces it (filters, pagination, htmx)."""
    members = select_members(lab=request.lab)[:50]
    return render(request, "members/member_list.html", {"members": members})
