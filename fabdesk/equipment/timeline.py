"""A machine's timeline: one history, newest first, gathered from every app that has
something to say about a machine (status changes and usage here; incidents, repairs and
maintenance in their apps; bookings later). Each app registers a source in its
AppConfig.ready():

    register_timeline_source("incidents", incidents_for_timeline)

A source is fn(machine, *, limit) -> iterable of TimelineEntry, newest first."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class TimelineEntry:
    when: dt.datetime
    kind: str  # "status", "usage", "incident", "repair", "maintenance"...
    title: str | Promise
    detail: str = ""
    actor: Any = None
    url: str = ""
    extra: dict = field(default_factory=dict)


Source = Callable[..., Iterable[TimelineEntry]]
_SOURCES: dict[str, Source] = {}


def register_timeline_source(name: str, source: Source) -> None:
    _SOURCES[name] = source


def machine_timeline(machine, *, limit: int = 100) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for source in _SOURCES.values():
        entries.extend(source(machine, limit=limit))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]
