"""Bookings in the admin site. Staff set booking rules on their pages (`/bookings/rules/`);
admins may also edit them here, checked by the same `BookingRule.clean()`. Bookings are
read-only (they change through the booking services, which keep the no-overlap rule and the
audit log)."""

from django.contrib import admin

from fabdesk.core.admin import ReadOnlyMixin

from .models import Booking, BookingRule


@admin.register(BookingRule)
class BookingRuleAdmin(admin.ModelAdmin):
    list_display = [
        "lab",
        "machine",
        "category",
        "space",
        "slot_minutes",
        "max_minutes",
        "advance_days",
    ]
    list_filter = ["lab"]


@admin.register(Booking)
class BookingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["machine", "member", "start", "end", "status"]
    list_filter = ["status", "machine"]
    search_fields = ["member__email", "machine__name"]
    list_select_related = ["machine", "member"]
