"""Staff pages of closing periods (/billing/periods/): the periods closed with their
archives, and the form that closes the next one."""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError

from .archives import archive_file_name
from .closing_services import closed_periods, period_close, period_parse, periods_closable
from .period_models import ClosedPeriod


class CloseForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period to close"))

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [
            (period.key, period.title) for period in periods_closable(lab=lab)
        ]


@staff_required
def period_list(request, form: CloseForm | None = None):
    context = {
        "periods": closed_periods(lab=request.lab),
        "form": form or CloseForm(lab=request.lab),
    }
    return render(request, "billing/closing/periods.html", context)


@staff_required
@require_POST
def period_close_view(request):
    form = CloseForm(request.POST, lab=request.lab)
    if not form.is_valid():
        return period_list(request, form)
    try:
        period = period_parse(lab=request.lab, key=form.cleaned_data["period"])
        closed = period_close(
            actor=request.user, lab=request.lab, kind=period.kind, start=period.start
        )
    except DomainError as exc:
        form.add_error(None, str(exc.message))
        return period_list(request, form)
    messages.success(
        request,
        _("%(period)s is closed: %(count)d invoices and credit notes archived.")
        % {"period": period.title, "count": closed.invoice_count},
    )
    return redirect("billing:periods")


@staff_required
def period_archive(request, period_id: int):
    period = get_object_or_404(ClosedPeriod, pk=period_id, lab=request.lab)
    if not period.archive:
        raise Http404
    try:
        stored = period.archive.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(
        stored,
        as_attachment=True,
        filename=archive_file_name(period),
        content_type="application/zip",
    )
