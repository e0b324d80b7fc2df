from django.contrib import admin

from .models import AuditEntry, Lab


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "currency", "time_zone"]
    search_fields = ["name", "legal_name", "city"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is read-only, here as everywhere."""

    list_display = ["created_at", "actor", "action", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "actor__email", "action"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
