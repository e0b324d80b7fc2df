"""The workshop in Django's admin site: read-only. Machines, spaces and categories are
changed in Fabdesk's own pages (/machines/, /spaces/, /workshop/categories/), where every
change goes through the services, keeps the status history and lands in the audit log."""

from django.contrib import admin

from fabdesk.core.admin import ReadOnlyMixin

from .models import (
    Machine,
    MachineCategory,
    MachineDocument,
    MachineStatusChange,
    Space,
    UsageEntry,
)


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


class DocumentInline(ReadOnlyMixin, admin.TabularInline):
    model = MachineDocument
    fields = ["title", "kind", "file", "url"]
    extra = 0


@admin.register(Machine)
class MachineAdmin(ReadOnlyAdmin):
    list_display = ["name", "category", "space", "status", "status_since", "usage_hours", "lab"]
    list_filter = ["lab", "status", "category", "bookable"]
    search_fields = ["name", "brand", "model_name"]
    list_select_related = ["category", "space", "lab"]
    inlines = [DocumentInline]


@admin.register(MachineCategory)
class MachineCategoryAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "position", "lab"]
    list_filter = ["lab", "kind"]


@admin.register(Space)
class SpaceAdmin(ReadOnlyAdmin):
    list_display = ["name", "capacity", "bookable", "position", "lab"]
    list_filter = ["lab", "bookable"]


@admin.register(MachineStatusChange)
class MachineStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["machine", "from_status", "to_status", "reason", "actor", "created_at"]
    list_filter = ["to_status"]
    list_select_related = ["machine", "actor"]
    date_hierarchy = "created_at"


@admin.register(UsageEntry)
class UsageEntryAdmin(ReadOnlyAdmin):
    list_display = ["machine", "kind", "hours", "total_after", "reason", "actor", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["machine", "actor"]
    date_hierarchy = "created_at"
