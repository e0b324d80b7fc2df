"""A member's own billing pages (`/billing/mine/…`). Included from urls.py under the
"billing" namespace."""

from django.urls import path

from . import member_views

urlpatterns: list = [
    path("mine/", member_views.my_billing, name="mine"),
    path("mine/invoices/<int:invoice_id>/pdf/", member_views.my_invoice_pdf, name="my_invoice_pdf"),
]
