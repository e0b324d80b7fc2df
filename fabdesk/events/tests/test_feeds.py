"""The public agenda's feeds, read back: iCalendar with icalendar (time zone, stable UIDs,
cancelled events), RSS 2.0 with xml.etree; the embeddable agenda may be framed, other pages
may not."""

import datetime as dt
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from fabdesk.events.services import event_cancel

from .factories import EventFactory, EventTypeFactory
from .staff_setup import held, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(lab, staff, event):
    """The published public event, plus a draft, a private one, a cancelled one and one
    held two months ago."""
    hidden = [
        EventFactory(lab=lab, title="Brouillon", status="draft"),
        EventFactory(lab=lab, title="Visite privée", visibility="private"),
        held(EventFactory(lab=lab, title="Il y a longtemps"), days_ago=60),
    ]
    off = EventFactory(lab=lab, title="Repair café annulé")
    event_cancel(actor=staff, event=off, reason="Salle inondée")
    return {"event": event, "cancelled": off, "hidden": hidden}


def calendar(client) -> icalendar.Calendar:
    response = client.get(url("agenda_ics"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_the_ical_feed_holds_the_public_agenda_in_the_labs_zone(client, agenda):
    feed = calendar(client)
    assert feed["VERSION"] == "2.0" and feed["PRODID"]
    (zone,) = feed.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Paris"
    events = {str(e["SUMMARY"]): e for e in feed.walk("VEVENT")}
    assert set(events) == {agenda["event"].title, agenda["cancelled"].title}
    mine = events[agenda["event"].title]
    assert mine["DTSTART"].params["TZID"] == "Europe/Paris"
    start = mine.decoded("DTSTART")
    assert start.tzinfo.key == "Europe/Paris" and start == agenda["event"].starts_at
    assert mine.decoded("DTEND") == agenda["event"].ends_at
    assert str(mine["STATUS"]) == "CONFIRMED" and str(mine["UID"]).startswith("event-")
    assert mine["URL"].endswith(f"/events/{agenda['event'].pk}-{agenda['event'].slug}/")


def test_a_cancelled_event_stays_in_the_feed_marked_cancelled(client, agenda):
    events = {str(e["SUMMARY"]): e for e in calendar(client).walk("VEVENT")}
    cancelled = events[agenda["cancelled"].title]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "Salle inondée" in str(cancelled["DESCRIPTION"])


def test_uids_stay_the_same_when_an_event_changes(client, agenda):
    before = {str(e["UID"]) for e in calendar(client).walk("VEVENT")}
    event = agenda["event"]
    event.title = "Nouveau titre"
    event.save()
    after = {str(e["UID"]): str(e["SUMMARY"]) for e in calendar(client).walk("VEVENT")}
    assert set(after) == before and after[f"event-{event.pk}@test-lab.fabdesk"] == "Nouveau titre"


def test_the_ical_feed_is_valid_rfc5545(client, agenda):
    body = client.get(url("agenda_ics")).content
    lines = body.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2] == b"END:VCALENDAR"
    assert all(len(line) <= 75 for line in lines)  # folded
    for event in icalendar.Calendar.from_ical(body).walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART"} <= set(event)


def test_the_rss_feed_lists_upcoming_public_events(client, agenda):
    response = client.get(url("agenda_rss"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") == "Fab Lab Test: agenda"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [agenda["event"].title]
    item = items[0]
    event = agenda["event"]
    assert item.findtext("link").endswith(f"/events/{event.pk}-{event.slug}/")
    assert item.findtext("guid") == f"event-{event.pk}@test-lab.fabdesk"
    assert item.find("guid").get("isPermaLink") == "false"
    when = timezone.localtime(event.starts_at, ZoneInfo("Europe/Paris"))
    assert str(when.day) in item.findtext("description")
    assert item.findtext("category") == event.event_type.name


def test_the_embed_page_may_be_framed_and_others_may_not(client, agenda):
    embed = client.get(url("embed"))
    assert embed.status_code == 200 and "X-Frame-Options" not in embed.headers
    assert client.get(url("agenda")).headers["X-Frame-Options"] == "DENY"
    assert client.get(url("feeds")).headers["X-Frame-Options"] == "DENY"
    text = embed.text
    assert agenda["event"].title in text and 'target="_blank"' in text and "noopener" in text
    assert "base.html" not in text and "site-header" not in text  # no menus inside a frame
    for hidden in [agenda["cancelled"], *agenda["hidden"]]:
        assert hidden.title not in text


def test_the_embed_page_filters_by_type_and_limit(client, lab, event):
    talk = EventFactory(
        lab=lab, title="Conférence", event_type=EventTypeFactory(lab=lab, name="Talk"),
        starts_at=event.starts_at + dt.timedelta(days=1),
        ends_at=event.ends_at + dt.timedelta(days=1),
    )  # fmt: skip
    typed = client.get(url("embed"), {"type": talk.event_type_id}).text
    assert talk.title in typed and event.title not in typed
    one = client.get(url("embed"), {"limit": "1"}).text
    assert event.title in one and talk.title not in one
    for odd in ({"type": "x"}, {"type": "9" * 30}, {"limit": "-3"}, {"limit": "9" * 30}):
        assert client.get(url("embed"), odd).status_code == 200


def test_the_feeds_page_gives_the_iframe_snippet(client, lab):
    page = client.get(url("feeds")).text
    assert "&lt;iframe src=&quot;http://127.0.0.1:8000/events/embed/&quot;" in page
    assert "/events/agenda.ics" in page and "webcal://" in page and "/events/agenda.rss" in page
