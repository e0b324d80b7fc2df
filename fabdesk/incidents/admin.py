"""Repair tickets in the admin site, read-only: tickets move through Fabdesk's own pages so
the reporter is told and the machine's status follows."""

from django.contrib import admin

from fabdesk.core.admin import ReadOnlyMixin

from .models import Incident, IncidentComment, IncidentPart, IncidentWork


class CommentInline(ReadOnlyMixin, admin.TabularInline):
    model = IncidentComment
    extra = 0


class PartInline(ReadOnlyMixin, admin.TabularInline):
    model = IncidentPart
    extra = 0


class WorkInline(ReadOnlyMixin, admin.TabularInline):
    model = IncidentWork
    extra = 0


@admin.register(Incident)
class IncidentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["pk", "machine", "status", "unusable", "reporter", "reported_at"]
    list_filter = ["status", "unusable"]
    search_fields = ["description", "machine__name", "reporter__email"]
    list_select_related = ["machine", "reporter"]
    inlines = [CommentInline, PartInline, WorkInline]
