from django.contrib import messages
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .decorators import staff_required
from .forms import LabForm
from .panels import panels_for
from .services import lab_update


def home(request):
    """Visitors see the lab's welcome page; members their own home; staff too, with a link
    to the day's board."""
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    return render(request, "core/member_home.html", {"panels": panels_for(request, "member_home")})


@staff_required
def staff_today(request):
    return render(request, "core/today.html", {"panels": panels_for(request, "today")})


@staff_required
def lab_settings(request):
    lab = request.lab
    form = LabForm(request.POST or None, request.FILES or None, instance=lab)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        form.instance.refresh_from_db()  # the service applies the changes itself
        lab_update(actor=request.user, lab=form.instance, data=data)
        messages.success(request, _("The lab's settings are saved."))
        return redirect("core:lab_settings")
    return render(request, "core/lab_settings.html", {"form": form})


@require_GET
@never_cache
def healthz(request):
    """Liveness and readiness for a load balancer or a monitor: 200 when the database answers
    and every migration is applied, 503 otherwise."""
    body: dict = {"database": "ok", "pending_migrations": 0}
    status = 200
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        body["pending_migrations"] = len(plan)
        if plan:
            status = 503
    except DatabaseError as exc:
        body["database"] = f"error: {exc.__class__.__name__}"
        body["pending_migrations"] = None
        status = 503
    body["status"] = "ok" if status == 200 else "unavailable"
    return JsonResponse(body, status=status)


def _error(request, template: str, status: int):
    return render(request, template, status=status)


def bad_request(request, exception=None):
    return _error(request, "errors/400.html", 400)


def permission_denied(request, exception=None):
    return _error(request, "errors/403.html", 403)


def page_not_found(request, exception=None):
    return _error(request, "errors/404.html", 404)


def request_too_large(request):
    """413: the upload is larger than the lab accepts. JSON for the API, a page otherwise."""
    from django.template.defaultfilters import filesizeformat

    from .middleware import upload_limit

    limit = filesizeformat(upload_limit(request.path))
    message = _("What you sent is too large: the limit is %(size)s.") % {"size": limit}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "too_large"}, status=413)
    return render(request, "errors/413.html", {"message": message}, status=413)


def server_error(request):
    # Rendered without the request context: the database may be what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("errors/500.html").render())
