from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EquipmentConfig(AppConfig):
    name = "fabdesk.equipment"
    label = "equipment"
    verbose_name = _("Workshop")

    def ready(self) -> None:
        from fabdesk.core.panels import register_panel

        from .panels import today_panel_context
        from .timeline_sources import register

        register()
        register_panel(
            page="today",
            template="equipment/panels/today.html",
            context=today_panel_context,
            order=20,
        )
