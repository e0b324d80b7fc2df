"""Billing in the admin site. Price lists, items, plans, packs and the accounting settings
are edited here (or on the staff pages). Everything issued or recorded (invoices, credit
notes, their lines, payments, wallets and their movements, charges, subscriptions, packs
bought, closed periods, counters) is read-only: it changes only through billing's services,
and an invoice never changes at all (ADR 0013)."""

from django.contrib import admin

from fabdesk.core.admin import ReadOnlyMixin

from .models import (
    AccountingSettings,
    Cart,
    Charge,
    ChargeLine,
    ClosedPeriod,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    Item,
    ItemPrice,
    MachinePrice,
    Pack,
    PackPrice,
    PackPurchase,
    Payment,
    Plan,
    PlanPrice,
    SpacePrice,
    Subscription,
    Wallet,
    WalletMovement,
)

PRICE_FIELDS = ["member_group", "valid_from", "valid_until"]


@admin.register(AccountingSettings)
class AccountingSettingsAdmin(admin.ModelAdmin):
    list_display = ["lab", "invoice_number_pattern", "prices_include_tax", "refund_rule"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MachinePrice)
class MachinePriceAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "member_group",
        "plan",
        "hourly_rate",
        "minimum_charge",
        "rounding_minutes",
        "rounding_mode",
        "valid_from",
        "valid_until",
    ]
    list_filter = ["lab", "member_group", "rounding_mode"]
    raw_id_fields = ["machine", "category"]


@admin.register(SpacePrice)
class SpacePriceAdmin(admin.ModelAdmin):
    list_display = [
        "space",
        "member_group",
        "plan",
        "hourly_rate",
        "per_person",
        "valid_from",
        "valid_until",
    ]
    list_filter = ["lab", "member_group"]


class ItemPriceInline(admin.TabularInline):
    model = ItemPrice
    fields = ["lab", *PRICE_FIELDS, "unit_price"]
    extra = 0


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "item_type", "unit", "vat_rate", "is_active"]
    list_filter = ["lab", "item_type", "is_active"]
    search_fields = ["name", "code"]
    inlines = [ItemPriceInline]


class PlanPriceInline(admin.TabularInline):
    model = PlanPrice
    fields = ["lab", *PRICE_FIELDS, "amount"]
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "lab", "period", "included_hours", "is_active"]
    list_filter = ["lab", "period", "is_active"]
    filter_horizontal = ["machines", "categories"]
    inlines = [PlanPriceInline]


class PackPriceInline(admin.TabularInline):
    model = PackPrice
    fields = ["lab", *PRICE_FIELDS, "amount"]
    extra = 0


@admin.register(Pack)
class PackAdmin(admin.ModelAdmin):
    list_display = ["name", "lab", "hours", "validity_days", "is_active"]
    list_filter = ["lab", "is_active"]
    filter_horizontal = ["machines", "categories"]
    inlines = [PackPriceInline]


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["member", "plan", "starts_on", "ends_on", "status", "price"]
    list_filter = ["status", "plan"]
    search_fields = ["member__email", "member__last_name"]


@admin.register(PackPurchase)
class PackPurchaseAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["member", "pack", "hours", "purchased_on", "expires_on", "status"]
    list_filter = ["status", "pack"]
    search_fields = ["member__email", "member__last_name"]


class WalletMovementInline(ReadOnlyMixin, admin.TabularInline):
    model = WalletMovement
    extra = 0


@admin.register(Wallet)
class WalletAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["member", "lab", "balance", "updated_at"]
    search_fields = ["member__email", "member__last_name"]
    inlines = [WalletMovementInline]


class ChargeLineInline(ReadOnlyMixin, admin.TabularInline):
    model = ChargeLine
    extra = 0


@admin.register(Charge)
class ChargeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "description",
        "buyer_name",
        "item_type",
        "total_incl_tax",
        "status",
        "created_at",
    ]
    list_filter = ["status", "item_type"]
    search_fields = ["description", "customer_name", "member__email", "member__last_name"]
    date_hierarchy = "created_at"
    inlines = [ChargeLineInline]


@admin.register(Cart)
class CartAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "status", "opened_at", "invoice"]
    list_filter = ["status"]


class InvoiceLineInline(ReadOnlyMixin, admin.TabularInline):
    model = InvoiceLine
    fk_name = "invoice"
    extra = 0


class PaymentInline(ReadOnlyMixin, admin.TabularInline):
    model = Payment
    extra = 0


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "kind", "buyer_name", "issued_at", "total_incl_tax", "status"]
    list_filter = ["lab", "kind", "status"]
    search_fields = ["number", "buyer_name", "buyer_email"]
    date_hierarchy = "issued_at"
    inlines = [InvoiceLineInline, PaymentInline]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["invoice", "method", "amount", "received_at", "provider_reference"]
    list_filter = ["method"]
    date_hierarchy = "received_at"


@admin.register(ClosedPeriod)
class ClosedPeriodAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "lab", "closed_at", "invoice_count", "archive_checksum"]


@admin.register(InvoiceCounter)
class InvoiceCounterAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["lab", "kind", "year", "last_number"]
