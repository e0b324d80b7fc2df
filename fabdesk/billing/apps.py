from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "fabdesk.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        from importlib import import_module
        from importlib.util import find_spec

        from . import records  # noqa: F401 (the signal refusing to delete issued records)

        # Modules that register themselves: archive verification (verify.register_check),
        # notification kinds of the subscription reminders, the receivers of the other apps'
        # signals (integrations: charges of bookings, enrolments, registrations, print jobs).
        for name in ("archives", "reminders", "integrations"):
            if find_spec(f"{self.name}.{name}") is not None:
                import_module(f"{self.name}.{name}")
