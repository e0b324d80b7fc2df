from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EquipmentConfig(AppConfig):
    name = "fabdesk.equipment"
    label = "equipment"
    verbose_name = _("Workshop")

    def ready(self) -> None:
        from .timeline_sources import register

        register()
