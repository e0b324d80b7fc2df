"""The staff's money pages (included by billing/urls.py, namespace "billing"): closing
periods and their archives, accounting exports, the money dashboard, prices, plans and
packs."""

from django.urls import path

from . import closing_views, dashboard_views, export_views

urlpatterns = [
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/export.csv", dashboard_views.dashboard_csv, name="dashboard_csv"),
    path("dashboard/export.xlsx", dashboard_views.dashboard_xlsx, name="dashboard_xlsx"),
    path("periods/", closing_views.period_list, name="periods"),
    path("periods/close/", closing_views.period_close_view, name="period_close"),
    path("periods/<int:period_id>/archive/", closing_views.period_archive, name="period_archive"),
    path("exports/", export_views.exports, name="exports"),
    path("exports/fec/", export_views.fec_download, name="export_fec"),
    path(
        "exports/sales-journal/",
        export_views.sales_journal_download,
        name="export_sales_journal",
    ),
]
