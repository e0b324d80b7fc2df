"""The CSV import: upload → dry-run report → confirm (all or nothing).

Between the report and the confirmation the decoded file is held in the staff member's
session with its SHA-256; the confirmation names the hash it saw, so what is imported is
exactly what was checked (and it is checked again against the data of that moment)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.csv_import import MAX_BYTES, content_digest, decode_upload
from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error

from .csv_columns import IMPORTABLE
from .forms import MemberImportForm
from .importing import import_check
from .services import member_import

SESSION_KEY = "members_import"


def _page(request, form, held=None, report=None):
    context = {"form": form, "held": held, "report": report, "columns": IMPORTABLE}
    return render(request, "members/member_import.html", context)


@staff_required
def member_import_upload(request):
    form = MemberImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, form)
    upload = form.cleaned_data["file"]
    try:
        content, encoding = decode_upload(upload.read(MAX_BYTES + 1))  # more is refused
        report = import_check(actor=request.user, lab=request.lab, content=content)
    except DomainError as exc:
        request.session.pop(SESSION_KEY, None)
        form_error(form, exc)
        return _page(request, form)
    held = {
        "digest": content_digest(content),
        "content": content,
        "filename": upload.name,
        "encoding": encoding,
    }
    request.session[SESSION_KEY] = held
    return _page(request, MemberImportForm(), held, report)


@staff_required
@require_POST
def member_import_confirm(request):
    held = request.session.get(SESSION_KEY)
    if not held or held.get("digest") != request.POST.get("digest"):
        messages.error(request, _("This import is no longer available: upload the file again."))
        return redirect("members:import")
    try:
        report = member_import(actor=request.user, lab=request.lab, content=held["content"])
    except DomainError as exc:
        messages.error(request, str(exc.message))
        try:
            report = import_check(actor=request.user, lab=request.lab, content=held["content"])
        except DomainError:
            report = None
        return _page(request, MemberImportForm(), held if report else None, report)
    request.session.pop(SESSION_KEY, None)
    totals = report.totals
    messages.success(
        request,
        _("Import done: %(create)d members created, %(update)d updated, %(unchanged)d unchanged.")
        % totals,
    )
    return redirect("members:list")
