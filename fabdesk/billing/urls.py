from django.urls import include, path

from .integrations.preview_views import price_preview

app_name = "billing"

urlpatterns: list = []

# B3: closing periods, accounting exports, the money dashboard, prices, plans and packs.
urlpatterns += [path("", include("fabdesk.billing.accounting_urls"))]

# B2: the desk's checkout, the staff's invoices and wallets, the member's own pages.
urlpatterns += [path("", include("fabdesk.billing.desk_urls"))]
urlpatterns += [path("", include("fabdesk.billing.member_urls"))]

# B4: the price shown before confirming a booking, a move or a registration, refreshed live.
urlpatterns += [path("price-preview/<slug:kind>/", price_preview, name="price_preview")]
