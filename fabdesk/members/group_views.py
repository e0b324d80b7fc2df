"""Staff pages for the lab's member groups (price categories)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error

from .forms import MemberGroupForm
from .group_services import (
    member_group_create,
    member_group_delete,
    member_group_move,
    member_group_update,
)
from .models import MemberGroup
from .selectors import member_group_usage


def _group(request, group_id: int) -> MemberGroup:
    return get_object_or_404(MemberGroup, pk=group_id, lab=request.lab)


@staff_required
def group_list(request):
    groups = member_group_usage(lab=request.lab)
    return render(request, "members/group_list.html", {"groups": groups})


@staff_required
def group_form(request, group_id: int | None = None):
    group = _group(request, group_id) if group_id else None
    form = MemberGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if group is None:
                member_group_create(actor=request.user, lab=request.lab, **data)
            else:
                group.refresh_from_db()  # the form wrote to it; the service applies the changes
                member_group_update(actor=request.user, group=group, data=data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The group “%(name)s” is saved.") % {"name": data["name"]})
            return redirect("members:groups")
    return render(request, "members/group_form.html", {"form": form, "group": group})


@staff_required
@require_POST
def group_delete(request, group_id: int):
    group = _group(request, group_id)
    try:
        member_group_delete(actor=request.user, group=group)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The group “%(name)s” is deleted.") % {"name": group.name})
    return redirect("members:groups")


@staff_required
@require_POST
def group_move(request, group_id: int):
    group = _group(request, group_id)
    offset = -1 if request.POST.get("direction") == "up" else 1
    member_group_move(actor=request.user, group=group, offset=offset)
    return redirect("members:groups")
