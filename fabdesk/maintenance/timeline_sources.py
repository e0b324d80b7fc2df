"""Maintenance in a machine's timeline: maintenance logged, and plans found overdue."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fabdesk.equipment.timeline import TimelineEntry, register_timeline_source

from .models import MaintenanceAlert


def maintenance_logs(machine, *, limit: int):
    for log in machine.maintenance_logs.select_related("plan", "done_by")[:limit]:
        title = (
            _("Maintenance done: %(plan)s") % {"plan": log.plan.title}
            if log.plan
            else _("Maintenance done (unplanned)")
        )
        yield TimelineEntry(
            when=log.done_at,
            kind="maintenance",
            title=title,
            detail=log.notes,
            actor=log.done_by,
            url=reverse("maintenance:history") + f"?machine={machine.pk}",
            extra={"minutes": log.minutes, "usage_hours": log.usage_hours},
        )


def overdue_alerts(machine, *, limit: int):
    alerts = MaintenanceAlert.objects.filter(plan__machine=machine).select_related("plan")
    for alert in alerts[:limit]:
        yield TimelineEntry(
            when=alert.created_at,
            kind="maintenance_overdue",
            title=_("Maintenance overdue: %(plan)s") % {"plan": alert.plan.title},
            detail=_("The machine was put in maintenance.") if alert.put_in_maintenance else "",
            url=reverse("maintenance:plan_log", args=[alert.plan_id]),
        )


def register() -> None:
    register_timeline_source("maintenance.logs", maintenance_logs)
    register_timeline_source("maintenance.overdue", overdue_alerts)
