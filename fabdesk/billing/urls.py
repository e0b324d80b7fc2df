from django.urls import include, path

app_name = "billing"

urlpatterns: list = []

# B3: closing periods, accounting exports, the money dashboard, prices, plans and packs.
urlpatterns += [path("", include("fabdesk.billing.accounting_urls"))]

# B2: the desk's checkout, the staff's invoices and wallets, the member's own pages.
urlpatterns += [path("", include("fabdesk.billing.desk_urls"))]
urlpatterns += [path("", include("fabdesk.billing.member_urls"))]
