from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "fabdesk.incidents"
    label = "incidents"
    verbose_name = _("Incidents and repairs")

    def ready(self) -> None:
        from fabdesk.core.panels import register_panel
        from fabdesk.equipment.sections import register_machine_section
        from fabdesk.equipment.timeline import register_timeline_source
        from fabdesk.notifications.kinds import register_kind

        from .panels import (
            machine_section_context,
            member_home_panel_context,
            today_panel_context,
        )
        from .timeline_sources import incidents_for_timeline

        register_kind(
            "incidents.reported",
            label=_("Problem reported on a machine"),
            description=_("For staff: a member reported a problem on one of the lab's machines."),
        )
        register_kind(
            "incidents.progress",
            label=_("Progress of my problem reports"),
            description=_(
                "When staff acknowledge, repair, resolve or close a problem you reported."
            ),
        )
        register_kind(
            "incidents.commented",
            label=_("Comments on repair tickets"),
            description=_("A new comment on a problem you reported or handle."),
        )
        register_panel(
            page="today",
            template="incidents/panels/today.html",
            context=today_panel_context,
            order=20,
        )
        register_panel(
            page="member_home",
            template="incidents/panels/member_home.html",
            context=member_home_panel_context,
            order=40,
        )
        register_machine_section(
            template="incidents/machine_section.html",
            context=machine_section_context,
            order=10,
        )
        register_timeline_source("incidents", incidents_for_timeline)
