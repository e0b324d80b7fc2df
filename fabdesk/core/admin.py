from django.contrib import admin

from .models import AuditEntry, Lab


class ReadOnlyMixin:
    """For models that Fabdesk's own pages change through the services (which keep the audit
    log and the history): the admin site shows them and changes nothing."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "currency", "time_zone"]
    search_fields = ["name", "legal_name", "city"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The audit log is read-only, here as everywhere."""

    list_display = ["created_at", "actor", "action", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "actor__email", "action"]
    date_hierarchy = "created_at"
