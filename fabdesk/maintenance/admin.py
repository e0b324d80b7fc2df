"""Maintenance plans and logs in the admin site, read-only (changed in /maintenance/)."""

from django.contrib import admin

from fabdesk.core.admin import ReadOnlyMixin

from .models import MaintenanceLog, MaintenancePlan


@admin.register(MaintenancePlan)
class MaintenancePlanAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "machine", "every_hours", "every_days", "is_active", "last_done_at"]
    list_filter = ["is_active"]
    search_fields = ["title", "machine__name"]
    list_select_related = ["machine"]


@admin.register(MaintenanceLog)
class MaintenanceLogAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["done_at", "machine", "plan", "done_by"]
    search_fields = ["notes", "machine__name"]
    list_select_related = ["machine", "plan", "done_by"]
