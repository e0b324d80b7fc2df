from django.contrib import admin

from .models import Closure, ExceptionalOpening, WeeklyRange


@admin.register(WeeklyRange)
class WeeklyRangeAdmin(admin.ModelAdmin):
    list_display = ["lab", "weekday", "opens_at", "closes_at"]
    list_filter = ["lab", "weekday"]


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ["label", "lab", "start_date", "end_date", "start_time", "end_time"]
    list_filter = ["lab"]


@admin.register(ExceptionalOpening)
class ExceptionalOpeningAdmin(admin.ModelAdmin):
    list_display = ["label", "lab", "date", "opens_at", "closes_at"]
    list_filter = ["lab"]
