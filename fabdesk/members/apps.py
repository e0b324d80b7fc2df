from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "fabdesk.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .role_permissions import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="fabdesk_sync_role_permissions")
