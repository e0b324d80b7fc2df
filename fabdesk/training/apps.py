from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "fabdesk.training"
    label = "training"
    verbose_name = _("Trainings")

    def ready(self) -> None:
        from fabdesk.core.panels import register_panel
        from fabdesk.equipment.sections import register_machine_section
        from fabdesk.notifications.kinds import register_kind

        from . import session_ready
        from .panels import member_home_panel_context
        from .sections import machine_section_context

        session_ready.register()
        register_kind(
            "training.expiring",
            label=_("Certification expiring soon"),
            description=_(
                "A few weeks before one of your certifications expires, with the next sessions "
                "to renew it."
            ),
        )
        register_panel(
            page="member_home",
            template="training/panels/passport.html",
            context=member_home_panel_context,
            order=25,
        )
        register_machine_section(
            template="training/machine_section.html",
            context=machine_section_context,
            order=5,
        )
