from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "fabdesk.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from fabdesk.notifications.kinds import register_kind

        from .panels import register
        from .services import AWAITING_VALIDATION

        register_kind(
            AWAITING_VALIDATION,
            label=_("A new member awaits validation"),
            description=_("Sent to the lab's staff when someone signs up and must be validated."),
        )
        register()
