from django.contrib import admin

from .models import Material, MaterialColour, PrintProfile, PrintSettings


class ColourInline(admin.TabularInline):
    model = MaterialColour
    extra = 0


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "lab", "technology", "price_per_kg", "active"]
    list_filter = ["lab", "technology", "active"]
    inlines = [ColourInline]


@admin.register(PrintProfile)
class PrintProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "lab", "printer", "layer_height_mm", "infill_percent", "is_default"]
    list_filter = ["lab"]


@admin.register(PrintSettings)
class PrintSettingsAdmin(admin.ModelAdmin):
    list_display = ["lab", "hourly_rate", "handling_fee", "minimum_price"]
