from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "fabdesk.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        from . import records  # noqa: F401 (the signal refusing to delete issued records)
