"""Opening hours in the admin site, read-only: they are changed at /opening-hours/edit/, where
the services refuse overlapping ranges and write the audit log."""

from django.contrib import admin

from fabdesk.core.admin import ReadOnlyMixin

from .models import Closure, ExceptionalOpening, WeeklyRange


@admin.register(WeeklyRange)
class WeeklyRangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["lab", "weekday", "opens_at", "closes_at"]
    list_filter = ["lab", "weekday"]


@admin.register(Closure)
class ClosureAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["label", "lab", "start_date", "end_date", "start_time", "end_time"]
    list_filter = ["lab"]


@admin.register(ExceptionalOpening)
class ExceptionalOpeningAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["label", "lab", "date", "opens_at", "closes_at"]
    list_filter = ["lab"]
