from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "fabdesk.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from fabdesk.core.panels import register_panel
        from fabdesk.notifications.kinds import register_kind

        from .panels import today_panel_context
        from .role_permissions import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="fabdesk_sync_role_permissions")
        register_kind(
            "members.welcome",
            label=_("Account created by the lab"),
            description=_("The link to choose your password when staff create your account."),
            mandatory=True,
        )
        register_kind("members.validated", label=_("Membership validated"), mandatory=True)
        register_kind("members.suspended", label=_("Membership suspended"), mandatory=True)
        register_panel(
            page="today",
            template="members/panels/today.html",
            context=today_panel_context,
            order=80,
        )
