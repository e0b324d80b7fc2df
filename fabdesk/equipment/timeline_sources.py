"""The equipment app's own entries in a machine's timeline: status changes and corrections of
the hours-of-use counter."""

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .models import MachineStatus, UsageEntry
from .timeline import TimelineEntry, register_timeline_source


def status_changes(machine, *, limit: int):
    labels = dict(MachineStatus.choices)
    for change in machine.status_changes.select_related("actor")[:limit]:
        yield TimelineEntry(
            when=change.created_at,
            kind="status",
            title=_("Status: %(old)s → %(new)s")
            % {"old": labels[change.from_status], "new": labels[change.to_status]},
            detail=change.reason,
            actor=change.actor,
        )


def usage_corrections(machine, *, limit: int):
    entries = machine.usage_entries.filter(kind=UsageEntry.Kind.CORRECTION).select_related("actor")
    for entry in entries[:limit]:
        yield TimelineEntry(
            when=entry.created_at,
            kind="usage",
            title=_("Hours of use corrected to %(total)s h")
            % {"total": number_format(entry.total_after, 2)},
            detail=entry.reason,
            actor=entry.actor,
        )


def register() -> None:
    register_timeline_source("equipment.status", status_changes)
    register_timeline_source("equipment.usage", usage_corrections)
