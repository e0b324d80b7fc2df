"""The members CSV import: upload → dry-run report → confirm (all or nothing); the steps are
core/csv_import_flow.py's, the checks and writes members' own."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.csv_import_flow import import_confirm, import_upload
from fabdesk.core.decorators import staff_required

from .csv_columns import IMPORTABLE
from .forms import MemberImportForm
from .importing import import_check
from .services import member_import

SESSION_KEY = "members_import"


def _steps(request) -> dict:
    def page(form, held=None, report=None):
        context = {"form": form, "held": held, "report": report, "columns": IMPORTABLE}
        return render(request, "members/member_import.html", context)

    def check(content):
        return import_check(actor=request.user, lab=request.lab, content=content)

    return {"form_class": MemberImportForm, "key": SESSION_KEY, "check": check, "page": page}


@staff_required
def member_import_upload(request):
    return import_upload(request, **_steps(request))


@staff_required
@require_POST
def member_import_confirm(request):
    def run(content):
        return member_import(actor=request.user, lab=request.lab, content=content)

    def done(report):
        messages.success(
            request,
            _(
                "Import done: %(create)d members created, %(update)d updated, "
                "%(unchanged)d unchanged."
            )
            % report.totals,
        )
        return redirect("members:list")

    return import_confirm(
        request, **_steps(request), run=run, done=done, upload_url="members:import"
    )
