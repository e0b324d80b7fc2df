"""The certifications CSV import: upload → dry-run report → confirm (all or nothing), with
the same steps as the members import (core/csv_import_flow.py)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.csv_import_flow import import_confirm, import_upload
from fabdesk.core.decorators import staff_required

from .forms import CertificationImportForm
from .importing import COLUMNS, certification_import, certification_import_check

SESSION_KEY = "certifications_import"


def _steps(request) -> dict:
    def page(form, held=None, report=None):
        columns = [key for key, _header in COLUMNS]
        context = {"form": form, "held": held, "report": report, "columns": columns}
        return render(request, "training/import.html", context)

    def check(content):
        return certification_import_check(actor=request.user, lab=request.lab, content=content)

    return {"form_class": CertificationImportForm, "key": SESSION_KEY, "check": check, "page": page}


@staff_required
def certification_import_upload(request):
    return import_upload(request, **_steps(request))


@staff_required
@require_POST
def certification_import_confirm(request):
    def run(content):
        return certification_import(actor=request.user, lab=request.lab, content=content)

    def done(report):
        messages.success(
            request,
            _("Import done: %(grant)d certifications granted, %(held)d already held.")
            % report.totals,
        )
        return redirect("training:catalogue")

    return import_confirm(
        request, **_steps(request), run=run, done=done, upload_url="training:import"
    )
