"""Staff pages about members: list, detail, edit (record, status, role), create, export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error
from fabdesk.core.selectors import audit_entries_for

from .audit_display import audit_lines
from .exporting import members_csv_response
from .forms import (
    MemberCreateForm,
    MemberFilterForm,
    MemberRoleForm,
    MemberStaffForm,
    MemberStatusForm,
)
from .permissions import can_change_role, is_admin, member_get_for_staff
from .roles import role_of
from .selectors import member_list as select_members
from .services import member_create, member_set_role, member_set_status, member_update

PAGE_SIZE = 50
AUDIT_SHOWN = 200


def _filtered(request):
    form = MemberFilterForm(request.GET or None, lab=request.lab)
    return form, select_members(lab=request.lab, **form.filters())


@staff_required
def member_list(request):
    form, members = _filtered(request)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "members/member_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#member-table"
    return render(request, template, {"form": form, "page": page})


@staff_required
def member_export(request):
    _form, members = _filtered(request)
    return members_csv_response(members)


@staff_required
def member_detail(request, member_id: int):
    member = member_get_for_staff(viewer=request.user, member_id=member_id)
    entries = audit_entries_for(member)[:AUDIT_SHOWN]
    return render(
        request,
        "members/member_detail.html",
        {"member": member, "role": role_of(member), "audit": audit_lines(entries)},
    )


def _edit_page(request, member, *, form=None, status_form=None, role_form=None):
    context = {
        "member": member,
        "form": form or MemberStaffForm(instance=member, lab=request.lab),
        "status_form": status_form or MemberStatusForm(),
        "role_form": role_form or MemberRoleForm(initial={"role": role_of(member)}),
        "can_change_role": can_change_role(request.user, member),
        "is_self": member.pk == request.user.pk,
    }
    return render(request, "members/member_edit.html", context)


@staff_required
def member_edit(request, member_id: int):
    member = member_get_for_staff(viewer=request.user, member_id=member_id)
    if request.method != "POST":
        return _edit_page(request, member)
    form = MemberStaffForm(request.POST, instance=member, lab=request.lab)
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        member.refresh_from_db()  # the form wrote to it; the service applies the changes
        try:
            member_update(actor=request.user, member=member, data=data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The member's record is saved."))
            return redirect("members:detail", member.pk)
    return _edit_page(request, member, form=form)


@staff_required
@require_POST
def member_status(request, member_id: int):
    member = member_get_for_staff(viewer=request.user, member_id=member_id)
    form = MemberStatusForm(request.POST)
    if form.is_valid():
        try:
            member_set_status(
                actor=request.user,
                member=member,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("%(member)s is now: %(status)s.")
                % {"member": member, "status": member.get_status_display()},
            )
            return redirect("members:detail", member.pk)
    return _edit_page(request, member, status_form=form)


@staff_required
@require_POST
def member_role(request, member_id: int):
    member = member_get_for_staff(viewer=request.user, member_id=member_id)
    if not can_change_role(request.user, member):
        raise PermissionDenied
    form = MemberRoleForm(request.POST)
    if form.is_valid():
        try:
            member_set_role(actor=request.user, member=member, role=form.cleaned_data["role"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The role is changed."))
            return redirect("members:detail", member.pk)
    return _edit_page(request, member, role_form=form)


@staff_required
def member_new(request):
    can_set_role = is_admin(request.user)
    form = MemberCreateForm(request.POST or None, lab=request.lab, can_set_role=can_set_role)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = member_create(
                actor=request.user,
                lab=request.lab,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                member_group=data["member_group"],
                role=data.get("role") or "member",
                send_welcome=True,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("%(member)s is created and has been sent a link to choose a password.")
                % {"member": member},
            )
            return redirect("members:detail", member.pk)
    return render(request, "members/member_new.html", {"form": form})
