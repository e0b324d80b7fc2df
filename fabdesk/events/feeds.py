"""The public agenda as feeds: an iCalendar feed (RFC 5545, times in the lab's zone with its
VTIMEZONE, stable UIDs, cancelled events kept a while as STATUS:CANCELLED so subscribed
calendars drop them) and an RSS 2.0 feed (Django's syndication framework). Only public
events, published or cancelled after being published; never drafts or private ones."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .ics import calendar_bytes, calendar_new, event_component
from .links import absolute, event_path
from .models import Event, EventStatus, Visibility
from .selectors import agenda

PAST = dt.timedelta(days=30)  # a calendar keeps showing last month's events
REFRESH = dt.timedelta(hours=1)
RSS_ITEMS = 50


def feed_events(*, lab) -> QuerySet[Event]:
    """Public events of the lab from a month ago on, cancelled ones included (a calendar
    that had them must learn they are off)."""
    return (
        Event.objects.filter(
            lab=lab,
            visibility=Visibility.PUBLIC,
            status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED],
            ends_at__gt=timezone.now() - PAST,
        )
        .select_related("lab", "space", "event_type")
        .order_by("starts_at", "pk")
    )


def agenda_ics(*, lab) -> bytes:
    calendar = calendar_new(name=_("%(lab)s: agenda") % {"lab": lab.name})
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    for event in feed_events(lab=lab):
        component = event_component(event, description=_description(event))
        component.add("categories", [event.event_type.name])
        calendar.add_component(component)
    return calendar_bytes(calendar)


def _description(event: Event) -> str:
    parts = [event.summary]
    if event.is_cancelled:
        parts.insert(0, _("Cancelled: %(reason)s") % {"reason": event.cancel_reason})
    parts.append(absolute(event_path(event)))
    return "\n\n".join(part for part in parts if part)


class AgendaFeed(Feed):
    """RSS 2.0: the lab's upcoming public events, soonest first."""

    feed_type = Rss201rev2Feed

    def get_object(self, request):
        return request.lab

    def title(self, lab):
        return _("%(lab)s: agenda") % {"lab": lab.name}

    def link(self, lab):
        return "/events/"

    def description(self, lab):
        return _("Workshops, open days, repair cafés, talks and courses at %(lab)s.") % {
            "lab": lab.name
        }

    def items(self, lab):
        return agenda(lab=lab)[:RSS_ITEMS]

    def item_title(self, event):
        return event.title

    def item_description(self, event):
        when = date_format(timezone.localtime(event.starts_at, event.lab.tzinfo),
                           "DATETIME_FORMAT")  # fmt: skip
        return " · ".join(part for part in (when, event.event_type.name, event.summary) if part)

    def item_link(self, event):
        return event_path(event)

    def item_guid(self, event):
        return f"event-{event.pk}@{event.lab.slug}.fabdesk"

    item_guid_is_permalink = False

    def item_pubdate(self, event):
        return event.created_at

    def item_updateddate(self, event):
        return event.updated_at

    def item_categories(self, event):
        return [event.event_type.name]
