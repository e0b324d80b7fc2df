"""The person's API tokens page: list, create (the secret shown once), revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from fabdesk.core.errors import DomainError

from .forms import TokenCreateForm
from .selectors import token_get_for_owner, token_list
from .services import token_create, token_revoke


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list_view(request):
    form = TokenCreateForm(request.POST or None)
    created = plaintext = None
    if request.method == "POST" and form.is_valid():
        try:
            created, plaintext = token_create(
                user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            form = TokenCreateForm()
    context = {
        "form": form,
        "tokens": token_list(user=request.user),
        "created": created,
        "plaintext": plaintext,
    }
    return render(request, "tokens/token_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke_view(request, token_id: int):
    token = token_get_for_owner(user=request.user, token_id=token_id)
    if token is None:
        raise Http404
    if request.method == "POST":
        token_revoke(actor=request.user, token=token)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("tokens:list")
    return render(request, "tokens/token_revoke.html", {"token": token})
