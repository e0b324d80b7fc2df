"""The member passport: a member's own at /trainings/passport/, any member's of the lab for
staff at /trainings/passport/<id>/, where staff also grant and withdraw certifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error
from fabdesk.members.permissions import is_staff, member_get_for_staff

from .certification_services import certification_grant, certification_revoke
from .forms import GrantForm, RevokeForm
from .models import Certification
from .passport import member_passport


def _page(request, member, grant_form=None):
    staff_view = is_staff(request.user) and request.user.lab_id == member.lab_id
    context = {
        "member": member,
        "passport": member_passport(member=member),
        "own": member.pk == request.user.pk,
        "staff_view": staff_view,
        "grant_form": (grant_form or GrantForm(lab=member.lab)) if staff_view else None,
    }
    return render(request, "training/passport.html", context)


@login_required
def passport_mine(request):
    return _page(request, request.user)


@staff_required
def passport_member(request, member_id: int):
    """Staff only: a member opening another's passport gets 403, another lab's member 404."""
    return _page(request, member_get_for_staff(viewer=request.user, member_id=member_id))


@staff_required
@require_POST
def certification_grant_view(request, member_id: int):
    member = member_get_for_staff(viewer=request.user, member_id=member_id)
    form = GrantForm(request.POST, lab=request.lab)
    if form.is_valid():
        try:
            cert = certification_grant(
                actor=request.user, member=member, source="staff", **form.service_kwargs()
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("%(member)s now holds “%(training)s”.")
                % {"member": member, "training": cert.training.title},
            )
            return redirect("training:member_passport", member.pk)
    return _page(request, member, grant_form=form)


@staff_required
def certification_revoke_view(request, certification_id: int):
    certification = get_object_or_404(
        Certification.objects.select_related("training", "member"),
        pk=certification_id,
        member__lab=request.user.lab,
    )
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certification_revoke(
                actor=request.user, certification=certification, **form.cleaned_data
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("“%(training)s” is withdrawn from %(member)s.")
                % {"training": certification.training.title, "member": certification.member},
            )
            return redirect("training:member_passport", certification.member_id)
    return render(request, "training/revoke.html", {"form": form, "certification": certification})
