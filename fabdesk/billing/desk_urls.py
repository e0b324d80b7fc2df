"""The staff's billing pages: the desk's checkout, the invoices (list, CSV, one invoice, its
PDF, a payment, a credit note) and a member's wallet. Included from urls.py under the
"billing" namespace."""

from django.urls import path

from . import credit_note_views, desk_views, invoice_views, wallet_views

urlpatterns: list = [
    path("desk/", desk_views.desk_home, name="desk"),
    path("desk/open/", desk_views.desk_open, name="desk_open"),
    path("desk/carts/<int:cart_id>/", desk_views.cart_detail, name="desk_cart"),
    path("desk/carts/<int:cart_id>/charges/", desk_views.cart_add_charge, name="desk_add_charge"),
    path("desk/carts/<int:cart_id>/items/", desk_views.cart_add_item, name="desk_add_item"),
    path("desk/carts/<int:cart_id>/lines/", desk_views.cart_add_line, name="desk_add_line"),
    path(
        "desk/carts/<int:cart_id>/remove/<int:charge_id>/",
        desk_views.cart_remove,
        name="desk_remove",
    ),
    path("desk/carts/<int:cart_id>/checkout/", desk_views.cart_checkout, name="desk_checkout"),
    path("desk/carts/<int:cart_id>/abandon/", desk_views.cart_abandon, name="desk_abandon"),
    path("invoices/", invoice_views.invoice_list, name="invoice_list"),
    path("invoices.csv", invoice_views.invoice_csv, name="invoice_csv"),
    path("invoices/<int:invoice_id>/", invoice_views.invoice_detail, name="invoice_detail"),
    path("invoices/<int:invoice_id>/pdf/", invoice_views.invoice_pdf, name="invoice_pdf"),
    path("invoices/<int:invoice_id>/payment/", invoice_views.payment_new, name="payment_new"),
    path(
        "invoices/<int:invoice_id>/credit-note/",
        credit_note_views.credit_note_new,
        name="credit_note_new",
    ),
    path("wallets/<int:member_id>/", wallet_views.member_wallet, name="member_wallet"),
]
