"""The staff's money dashboard (/billing/dashboard/) and its exports: each table as CSV, all
of them as one XLSX workbook, for the period chosen on the page."""

import csv
import datetime as dt
import io

from django.http import Http404, HttpResponse
from django.shortcuts import render

from fabdesk.core.decorators import staff_required
from fabdesk.core.timeutils import lab_today
from fabdesk.events.export import DELIMITER

from .accounting_forms import DateRangeForm
from .closing_services import fiscal_year
from .dashboard import Dashboard, Table, dashboard_get
from .export_xlsx import tables_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _dashboard(request) -> tuple[DateRangeForm, Dashboard]:
    """The dashboard of the period asked for, else of the fiscal year to date."""
    today = lab_today(request.lab.tzinfo)
    year = fiscal_year(lab=request.lab, year=today.year)
    if year.start > today:
        year = fiscal_year(lab=request.lab, year=today.year - 1)
    default = {"start": year.start, "end": today}
    form = DateRangeForm(request.GET if "start" in request.GET else None, initial=default)
    period = form.cleaned_data if form.is_bound and form.is_valid() else default
    return form, dashboard_get(
        lab=request.lab, start=period["start"], end=period["end"], today=today
    )


@staff_required
def dashboard(request):
    form, data = _dashboard(request)
    query = f"start={data.start.isoformat()}&end={data.end.isoformat()}"
    context = {"form": form, "dashboard": data, "tables": data.tables, "query": query}
    return render(request, "billing/dashboard/dashboard.html", context)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def table_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([str(header) for header in table.headers])
    for row in [*table.rows, *([table.footer] if table.footer else [])]:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def _attachment(content, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required
def dashboard_csv(request):
    _form, data = _dashboard(request)
    key = request.GET.get("table", "")
    if key not in {table.key for table in data.tables}:
        raise Http404
    return _attachment(
        "\ufeff" + table_csv(data.table(key)),
        content_type="text/csv; charset=utf-8",
        filename=f"{key}-{data.start:%Y%m%d}-{data.end:%Y%m%d}.csv",
    )


@staff_required
def dashboard_xlsx(request):
    _form, data = _dashboard(request)
    return _attachment(
        tables_xlsx(data.tables),
        content_type=XLSX,
        filename=f"money-{data.start:%Y%m%d}-{data.end:%Y%m%d}.xlsx",
    )
