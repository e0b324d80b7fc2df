from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FabricationConfig(AppConfig):
    name = "fabdesk.fabrication"
    label = "fabrication"
    verbose_name = _("Print service")

    def ready(self) -> None:
        from fabdesk.notifications.kinds import register_kind

        register_kind(
            "fabrication.job_update",
            label=_("Progress of my print jobs"),
            description=_("When staff approve, reject, print or finish a print job you asked for."),
        )
        register_kind(
            "fabrication.job_submitted",
            label=_("New print jobs"),
            description=_("For staff: a print job waits for approval in the queue."),
        )
