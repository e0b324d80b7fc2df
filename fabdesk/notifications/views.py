from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.errors import NotFound

from .forms import PreferencesForm
from .selectors import (
    notification_list_for,
    notification_preferences_for,
    notification_unread_count,
)
from .services import (
    notification_open,
    notification_preferences_set,
    notifications_mark_all_read,
)

PAGE_SIZE = 25


def _list_context(user, page_number) -> dict:
    page = Paginator(notification_list_for(user), PAGE_SIZE).get_page(page_number)
    return {"page": page, "unread_count": notification_unread_count(user)}


@login_required
def notification_list(request):
    context = _list_context(request.user, request.GET.get("page"))
    return render(request, "notifications/list.html", context)


@login_required
def notification_go(request, pk: int):
    """Mark the notification read and follow its link (GET from a mail or a plain link,
    POST from the list's button)."""
    try:
        entry = notification_open(user=request.user, notification_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    safe = url_has_allowed_host_and_scheme(
        entry.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(entry.url if entry.url and safe else "notifications:list")


@login_required
@require_POST
def notification_mark_all_read(request):
    notifications_mark_all_read(user=request.user)
    if request.htmx:
        context = _list_context(request.user, request.POST.get("page"))
        return render(request, "notifications/list.html#notification-list", context)
    messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def notification_preferences(request):
    rows = notification_preferences_for(request.user)
    form = PreferencesForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        notification_preferences_set(user=request.user, choices=form.choices())
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
