"""Staff pages of the accounting exports (/billing/exports/): the FEC of a fiscal year and
the sales journal of a range of days, downloaded."""

import datetime as dt

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from fabdesk.core.decorators import staff_required
from fabdesk.core.timeutils import lab_today

from .accounting_forms import DateRangeForm
from .closing_services import fiscal_year
from .fec import fec_export
from .invoice_models import Invoice
from .sales_journal import sales_journal_response


def _years(lab) -> list[int]:
    today = lab_today(lab.tzinfo)
    first = (
        Invoice.objects.filter(lab=lab)
        .order_by("issue_date")
        .values_list("issue_date", flat=True)
        .first()
    )
    return list(range(today.year, (first.year if first else today.year) - 2, -1))


class FecForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Fiscal year starting in"), coerce=int)

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in _years(lab)]


def _page(request, *, fec_form=None, journal_form=None, status=200):
    today = lab_today(request.lab.tzinfo)
    context = {
        "fec_form": fec_form or FecForm(lab=request.lab, initial={"year": today.year - 1}),
        "journal_form": journal_form
        or DateRangeForm(initial={"start": today.replace(month=1, day=1), "end": today}),
    }
    return render(request, "billing/exports/exports.html", context, status=status)


@staff_required
def exports(request):
    return _page(request)


@staff_required
def fec_download(request):
    form = FecForm(request.GET, lab=request.lab)
    if not form.is_valid():
        return _page(request, fec_form=form, status=422)
    period = fiscal_year(lab=request.lab, year=form.cleaned_data["year"])
    name, content = fec_export(lab=request.lab, start=period.start, end=period.end)
    response = HttpResponse(content, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_required
def sales_journal_download(request):
    form = DateRangeForm(request.GET)
    if not form.is_valid():
        return _page(request, journal_form=form, status=422)
    start: dt.date = form.cleaned_data["start"]
    return sales_journal_response(lab=request.lab, start=start, end=form.cleaned_data["end"])
