import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from fabdesk.core.errors import DomainError

from .forms import ProfileForm
from .services import language_save, profile_update


@login_required
def profile(request):
    """The member's own record: what they may change, and what the lab holds about them."""
    member = request.user
    form = ProfileForm(request.POST or None, instance=copy.copy(member))
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(
                member=member, data=form.changes(), newsletter=form.cleaned_data["newsletter"]
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "member": member})


@require_POST
def set_language(request):
    """Django's language switch, which also remembers the choice on a member's account."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        try:
            language_save(member=request.user, language=request.POST.get("language", ""))
        except DomainError as exc:
            messages.error(request, exc.message)
    return response
