from django.contrib import admin

from .models import Attendance, Event, EventSeries, EventType, Registration, TicketCategory


@admin.register(EventType)
class EventTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "lab", "colour", "position", "is_active"]


class TicketCategoryInline(admin.TabularInline):
    model = TicketCategory
    fk_name = "event"
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "lab", "event_type", "starts_at", "status", "visibility", "capacity"]
    list_filter = ["lab", "status", "visibility", "event_type"]
    search_fields = ["title"]
    raw_id_fields = ["series", "space"]
    filter_horizontal = ["machines", "trainers", "invited"]
    inlines = [TicketCategoryInline]


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "lab", "kind", "frequency", "starts_on", "until", "count"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "event", "series", "seats", "status", "price", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "email"]
    raw_id_fields = ["event", "series", "member", "category"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["registration", "event", "present"]
    raw_id_fields = ["registration", "event"]
