from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "fabdesk.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from .kinds import register_kind
        from .panels import register

        register_kind(
            "notifications.message",
            label=_("Messages from the lab's team"),
            description=_("News and announcements the staff send to members."),
        )
        register()
