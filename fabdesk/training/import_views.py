"""The certifications CSV import: upload → dry-run report → confirm (all or nothing), as the
members import: the decoded file waits in the staff member's session with its SHA-256, and
the confirmation names the hash it saw."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.csv_import import content_digest, decode_upload
from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError
from fabdesk.core.forms import form_error

from .forms import CertificationImportForm
from .importing import COLUMNS, certification_import, certification_import_check

SESSION_KEY = "certifications_import"


def _page(request, form, held=None, report=None):
    context = {"form": form, "held": held, "report": report, "columns": [k for k, _h in COLUMNS]}
    return render(request, "training/import.html", context)


def _check(request, content: str):
    return certification_import_check(actor=request.user, lab=request.lab, content=content)


@staff_required
def certification_import_upload(request):
    form = CertificationImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, form)
    try:
        content, encoding = decode_upload(form.read())
        report = _check(request, content)
    except DomainError as exc:
        request.session.pop(SESSION_KEY, None)
        form_error(form, exc)
        return _page(request, form)
    held = {
        "digest": content_digest(content),
        "content": content,
        "filename": form.cleaned_data["file"].name,
        "encoding": encoding,
    }
    request.session[SESSION_KEY] = held
    return _page(request, CertificationImportForm(), held, report)


@staff_required
@require_POST
def certification_import_confirm(request):
    held = request.session.get(SESSION_KEY)
    if not held or held.get("digest") != request.POST.get("digest"):
        messages.error(request, _("This import is no longer available: upload the file again."))
        return redirect("training:import")
    try:
        report = certification_import(actor=request.user, lab=request.lab, content=held["content"])
    except DomainError as exc:
        messages.error(request, str(exc.message))
        try:
            report = _check(request, held["content"])
        except DomainError:
            report = None
        return _page(request, CertificationImportForm(), held if report else None, report)
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request,
        _("Import done: %(grant)d certifications granted, %(held)d already held.") % report.totals,
    )
    return redirect("training:catalogue")
