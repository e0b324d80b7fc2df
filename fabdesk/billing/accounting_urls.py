"""The staff's money pages (included by billing/urls.py, namespace "billing"): closing
periods and their archives, accounting exports, the money dashboard, prices, plans and
packs."""

from django.urls import path

from . import closing_views, dashboard_views, export_views, plan_views, price_views

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
    path("prices/", price_views.prices, name="prices"),
    path(
        "prices/machines/new/", price_views.price_new, {"kind": "machine"}, name="price_machine_new"
    ),
    path("prices/spaces/new/", price_views.price_new, {"kind": "space"}, name="price_space_new"),
    path("items/new/", price_views.item_form, name="item_new"),
    path("items/<int:item_id>/", price_views.item_form, name="item_edit"),
    path("plans/", plan_views.plans, name="plans"),
    path("plans/new/", plan_views.plan_form, name="plan_new"),
    path("plans/<int:plan_id>/", plan_views.plan_form, name="plan_edit"),
    path("packs/new/", plan_views.pack_form, name="pack_new"),
    path("packs/<int:pack_id>/", plan_views.pack_form, name="pack_edit"),
    path("members/<int:member_id>/plans/", plan_views.member_plans, name="member_plans"),
    path(
        "members/<int:member_id>/subscribe/", plan_views.member_subscribe, name="member_subscribe"
    ),
    path(
        "members/<int:member_id>/packs/sell/", plan_views.member_pack_sell, name="member_pack_sell"
    ),
    path(
        "subscriptions/<int:subscription_id>/renew/",
        plan_views.subscription_renew_view,
        name="subscription_renew",
    ),
    path(
        "subscriptions/<int:subscription_id>/cancel/",
        plan_views.subscription_cancel_view,
        name="subscription_cancel",
    ),
]

# A new price of an item, a plan or a pack: /billing/items/<item_id>/prices/new/…
for _kind, _parent in (("item", "items"), ("plan", "plans"), ("pack", "packs")):
    urlpatterns.append(
        path(
            f"{_parent}/<int:parent_id>/prices/new/",
            price_views.price_new,
            {"kind": _kind},
            name=f"{_kind}_price_new",
        )
    )

# Ending or removing a price entry of any kind: /billing/prices/machines/<id>/end/…
for _kind in ("machine", "space", "item", "plan", "pack"):
    urlpatterns += [
        path(
            f"prices/{_kind}s/<int:price_id>/end/",
            price_views.price_end_view,
            {"kind": _kind},
            name=f"price_end_{_kind}",
        ),
        path(
            f"prices/{_kind}s/<int:price_id>/remove/",
            price_views.price_remove_view,
            {"kind": _kind},
            name=f"price_remove_{_kind}",
        ),
    ]
