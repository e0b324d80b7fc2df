from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaintenanceConfig(AppConfig):
    name = "fabdesk.maintenance"
    label = "maintenance"
    verbose_name = _("Preventive maintenance")

    def ready(self) -> None:
        from fabdesk.core.panels import register_panel
        from fabdesk.equipment.sections import register_machine_section
        from fabdesk.notifications.kinds import register_kind

        from . import timeline_sources
        from .panels import machine_section_context, today_panel_context

        register_kind(
            "maintenance.overdue",
            label=_("Maintenance overdue"),
            description=_(
                "Staff: a machine's maintenance plan is overdue (once per plan until it is done)."
            ),
        )
        register_panel(
            page="today",
            template="maintenance/panels/today.html",
            context=today_panel_context,
            order=40,
        )
        register_machine_section(
            template="maintenance/machine_section.html",
            context=machine_section_context,
            order=60,
        )
        timeline_sources.register()
