"""Calendar feeds, read back with the `icalendar` parser as a calendar app would."""

import datetime as dt

import icalendar
import pytest
from django.test import Client

from fabdesk.booking.feed_models import CalendarFeedToken
from fabdesk.booking.feed_services import feed_token_create, feed_token_revoke
from fabdesk.booking.ical import machine_busy_feed
from fabdesk.booking.models import Booking, BookingRule
from fabdesk.booking.services import booking_cancel, booking_create
from fabdesk.core.tests.factories import LabFactory
from fabdesk.equipment.tests.factories import MachineFactory

from .conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_lab")]


def book(member, machine, start, end):
    return booking_create(actor=member, machine=machine, member=member, start=start, end=end)


def row(member, machine, start, hours=1, buffer=0):
    """A booking stored as it is (the service refuses the past and the far future)."""
    end = start + dt.timedelta(hours=hours)
    return Booking.objects.create(
        lab=machine.lab, machine=machine, member=member, start=start, end=end,
        blocked_until=end + dt.timedelta(minutes=buffer),
    )  # fmt: skip


def events(content: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    return list(calendar.walk("VEVENT"))


def test_public_busy_feed_shows_busy_times_and_nobody(client, member, machine, lab):
    BookingRule.objects.create(lab=lab, buffer_minutes=15)
    booking = book(member, machine, at(lab, 1, 10), at(lab, 1, 11))
    cancelled = book(member, machine, at(lab, 2, 10), at(lab, 2, 11))
    booking_cancel(actor=member, booking=cancelled)
    old = row(member, machine, at(lab, -30, 10))
    recent = row(member, machine, at(lab, -3, 10))
    other_machine = book(member, MachineFactory(lab=lab), at(lab, 1, 10), at(lab, 1, 11))

    response = client.get(f"/bookings/machines/{machine.pk}/busy.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    content = response.content
    found = {str(event["UID"]): event for event in events(content)}
    assert set(found) == {
        f"busy-{booking.pk}@{lab.slug}.fabdesk",
        f"busy-{recent.pk}@{lab.slug}.fabdesk",
    }
    assert f"busy-{other_machine.pk}@" not in "".join(found)
    event = found[f"busy-{booking.pk}@{lab.slug}.fabdesk"]
    assert str(event["SUMMARY"]) == "Busy"
    assert event.decoded("DTSTART") == at(lab, 1, 10)
    assert event.decoded("DTEND") == at(lab, 1, 11, 15)  # the buffer keeps the machine busy
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert b"BEGIN:VTIMEZONE" in content and b"TZID:Europe/Paris" in content
    assert b"DTSTART;TZID=Europe/Paris:" in content and "DTSTAMP" in event
    for secret in (member.email, member.first_name, member.last_name):
        assert secret.encode() not in content
    assert f"busy-{old.pk}@" not in "".join(found)  # a month ago: out of the feed's window
    # The same booking keeps the same UID from one read to the next.
    again = {
        str(event["UID"])
        for event in events(client.get(f"/bookings/machines/{machine.pk}/busy.ics").content)
    }
    assert again == set(found)


def test_public_feed_of_another_labs_machine_is_404(client):
    other_lab_machine = MachineFactory(lab=LabFactory())
    assert client.get(f"/bookings/machines/{other_lab_machine.pk}/busy.ics").status_code == 404
    assert client.get("/bookings/machines/999999/busy.ics").status_code == 404


def test_busy_times_keep_the_lab_wall_clock_across_daylight_saving(member, machine, lab):
    """Both bookings are at 10:00 in Paris, one before and one after the clocks move forward
    (last Sunday of March 2027): the feed says 10:00 Paris time for both, i.e. 09:00 and
    08:00 UTC."""
    before = row(member, machine, dt.datetime(2027, 3, 27, 10, tzinfo=lab.tzinfo))
    after = row(member, machine, dt.datetime(2027, 3, 29, 10, tzinfo=lab.tzinfo))
    bookings = Booking.objects.filter(pk__in=[before.pk, after.pk]).select_related("lab")
    content = machine_busy_feed(machine=machine, bookings=bookings).content

    starts = sorted(event.decoded("DTSTART") for event in events(content))
    assert [start.astimezone(dt.UTC).hour for start in starts] == [9, 8]
    assert [start.hour for start in starts] == [10, 10]
    assert b"DTSTART;TZID=Europe/Paris:20270327T100000" in content
    assert b"DTSTART;TZID=Europe/Paris:20270329T100000" in content
    assert b"TZOFFSETTO:+0200" in content and b"TZOFFSETTO:+0100" in content


def test_member_feed_secret_is_stored_hashed(member):
    secret = feed_token_create(user=member)
    token = CalendarFeedToken.objects.get(user=member)
    assert secret not in token.secret_hash and len(token.secret_hash) == 64
    assert not CalendarFeedToken.objects.filter(secret_hash=secret).exists()


def test_member_feed_lists_own_bookings_with_cancelled_ones(
    client, member, other_member, machine, lab
):
    mine = book(member, machine, at(lab, 1, 10), at(lab, 1, 11))
    cancelled = book(member, machine, at(lab, 2, 10), at(lab, 2, 11))
    booking_cancel(actor=member, booking=cancelled)
    after_dst = row(member, machine, dt.datetime(2027, 3, 29, 10, tzinfo=lab.tzinfo))
    theirs = book(other_member, machine, at(lab, 1, 14), at(lab, 1, 15))
    secret = feed_token_create(user=member)

    response = client.get(f"/bookings/feed/{secret}.ics")

    assert response.status_code == 200
    found = {str(event["UID"]): event for event in events(response.content)}
    uid = f"booking-{{}}@{lab.slug}.fabdesk".format
    assert set(found) == {uid(mine.pk), uid(cancelled.pk), uid(after_dst.pk)}
    assert uid(theirs.pk) not in found
    assert str(found[uid(mine.pk)]["STATUS"]) == "CONFIRMED"
    assert str(found[uid(cancelled.pk)]["STATUS"]) == "CANCELLED"
    assert machine.name in str(found[uid(mine.pk)]["SUMMARY"])
    assert found[uid(after_dst.pk)].decoded("DTSTART").astimezone(dt.UTC).hour == 8
    assert other_member.email.encode() not in response.content
    assert CalendarFeedToken.objects.get(user=member).last_used_at is not None


def test_unknown_revoked_and_replaced_secrets_are_404(client, member):
    assert client.get("/bookings/feed/not-a-secret.ics").status_code == 404
    first = feed_token_create(user=member)
    second = feed_token_create(user=member)  # a new address kills the old one
    assert client.get(f"/bookings/feed/{first}.ics").status_code == 404
    assert client.get(f"/bookings/feed/{second}.ics").status_code == 200
    assert feed_token_revoke(user=member) is True
    assert client.get(f"/bookings/feed/{second}.ics").status_code == 404
    assert feed_token_revoke(user=member) is False


def test_feed_settings_page_makes_shows_once_and_stops_the_address(member_client, member):
    client = Client()  # anonymous, as a calendar app is
    assert client.get("/bookings/feed/settings/").status_code == 302  # login first
    page = member_client.get("/bookings/feed/settings/")
    assert page.status_code == 200 and b"no calendar address" in page.content
    made = member_client.post("/bookings/feed/settings/", {"action": "create"})
    url = made.context["feed_url"]
    assert url.startswith("http://testserver/bookings/feed/") and url.encode() in made.content
    assert client.get(url).status_code == 200
    shown_again = member_client.get("/bookings/feed/settings/")
    assert url.encode() not in shown_again.content and b"Make a new address" in shown_again.content
    stopped = member_client.post("/bookings/feed/settings/", {"action": "revoke"})
    assert stopped.status_code == 302
    assert client.get(url).status_code == 404
