from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FabricationConfig(AppConfig):
    name = "fabdesk.fabrication"
    label = "fabrication"
    verbose_name = _("Print service")
