"""A member's own booking pages: "my bookings" (machines and spaces), checking in and closing
around the booking's time, moving a booking before the cancellation deadline."""

import datetime as dt
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from fabdesk.booking.models import BookingRule, BookingStatus
from fabdesk.booking.panels import machine_section_context
from fabdesk.core.models import AuditEntry
from fabdesk.equipment.tests.factories import SpaceFactory

from .conftest import at
from .page_helpers import make_booking

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_lab")]


@pytest.fixture(autouse=True)
def noon(lab):
    """Noon on the lab's clock, whatever the hour the suite runs at."""
    now = at(lab, 0, 12)
    with mock.patch("django.utils.timezone.now", return_value=now):
        yield now


@pytest.fixture
def room(lab):
    return SpaceFactory(lab=lab, name="Salle de réunion", bookable=True, capacity=10)


def mine(client) -> str:
    response = client.get(reverse("booking:mine"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", ["mine", "move", "check_in", "close"])
def test_anonymous_people_log_in_first(client, member, machine, noon, name):
    booking = make_booking(member=member, machine=machine, start=noon)
    args = [] if name == "mine" else [booking.pk]
    method = client.get if name in ("mine", "move") else client.post
    response = method(reverse(f"booking:{name}", args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_my_bookings_show_machines_and_spaces(member_client, member, machine, room, lab):
    make_booking(member=member, machine=machine, start=at(lab, 1, 10))
    make_booking(member=member, space=room, start=at(lab, 2, 14), people=3)
    make_booking(member=member, space=room, start=at(lab, -2, 14), status=BookingStatus.COMPLETED)
    page = mine(member_client)
    assert (
        "Trotec Speedy 300" in page and reverse("booking:machine_week", args=[machine.pk]) in page
    )
    assert "Salle de réunion" in page and "3 people" in page
    assert reverse("booking:space_week", args=[room.pk]) in page
    assert "Completed" in page  # the past one


def test_check_in_is_offered_from_a_short_time_before_the_start(
    member_client, member, machine, noon
):
    make_booking(member=member, machine=machine, start=noon + dt.timedelta(minutes=10))
    make_booking(member=member, machine=machine, start=noon + dt.timedelta(hours=3))
    page = mine(member_client)
    assert page.count(">Check in</button>") == 1
    assert 'aria-label="Check in: Trotec Speedy 300 at 12:10"' in page


def test_a_member_checks_in_then_closes_their_booking(member_client, member, machine, noon):
    booking = make_booking(member=member, machine=machine, start=noon - dt.timedelta(minutes=5))
    response = member_client.post(reverse("booking:check_in", args=[booking.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("booking:mine")
    page = response.content.decode()
    assert "You are checked in: Trotec Speedy 300 at 11:55." in page
    assert ">Close</button>" in page and ">Check in</button>" not in page
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN
    assert not AuditEntry.objects.exists()  # a member's own check-in is not a staff change
    response = member_client.post(reverse("booking:close", args=[booking.pk]), follow=True)
    assert "Your booking is closed: Trotec Speedy 300 at 11:55." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED


def test_a_too_early_check_in_is_refused_with_its_reason(member_client, member, machine, noon):
    booking = make_booking(member=member, machine=machine, start=noon + dt.timedelta(hours=2))
    response = member_client.post(reverse("booking:check_in", args=[booking.pk]), follow=True)
    assert "You can check in from 15 minutes before the start" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_closing_before_checking_in_is_refused(member_client, member, machine, noon):
    booking = make_booking(member=member, machine=machine, start=noon)
    response = member_client.post(reverse("booking:close", args=[booking.pk]), follow=True)
    assert "Check in before closing the booking." in response.content.decode()


def test_a_member_cannot_touch_another_members_booking(member_client, other_member, machine, noon):
    booking = make_booking(member=other_member, machine=machine, start=noon + dt.timedelta(days=2))
    for name in ("check_in", "close", "move"):
        assert member_client.post(reverse(f"booking:{name}", args=[booking.pk])).status_code == 404
    assert member_client.get(reverse("booking:move", args=[booking.pk])).status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED and booking.start == noon + dt.timedelta(
        days=2
    )


# -- Moving -------------------------------------------------------------------------------


def move_data(day: dt.datetime, start: str, minutes: int) -> dict:
    return {"date": day.date().isoformat(), "start_time": start, "duration": str(minutes)}


def test_move_is_offered_until_the_cancellation_deadline(member_client, member, machine, noon):
    BookingRule.objects.create(lab=member.lab, cancel_hours=24)
    later = make_booking(member=member, machine=machine, start=noon + dt.timedelta(days=3))
    make_booking(member=member, machine=machine, start=noon + dt.timedelta(hours=5))
    page = mine(member_client)
    assert page.count(f'href="{reverse("booking:move", args=[later.pk])}"') == 1
    assert page.count(">Move</a>") == 1
    assert "The deadline to cancel or move was" in page


def test_a_member_moves_their_booking(member_client, member, machine, lab):
    booking = make_booking(member=member, machine=machine, start=at(lab, 2, 10))
    url = reverse("booking:move", args=[booking.pk])
    form = member_client.get(url)
    assert form.status_code == 200
    assert form.context["form"].initial["duration"] == 60
    assert "Reason for an exception" not in form.content.decode()
    response = member_client.post(url, move_data(at(lab, 3, 15), "15:30", 90), follow=True)
    assert response.redirect_chain[-1][0] == reverse("booking:mine")
    assert "The booking is moved: Trotec Speedy 300, now on" in response.content.decode()
    booking.refresh_from_db()
    assert (booking.start, booking.end) == (at(lab, 3, 15, 30), at(lab, 3, 17))
    assert booking.status == BookingStatus.CONFIRMED


def test_a_member_moves_a_space_booking(member_client, member, room, lab):
    booking = make_booking(member=member, space=room, start=at(lab, 2, 10), people=2)
    url = reverse("booking:move", args=[booking.pk])
    response = member_client.post(url, move_data(at(lab, 2, 16), "16:00", 60))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.start == at(lab, 2, 16) and booking.people == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start_time": "21:00"}, "The lab is not open for the whole of this time"),
        ({"date": "someday"}, "Enter a valid date."),
        ({"duration": "45"}, "Select a valid choice."),
    ],
)
def test_a_refused_move_says_why_and_changes_nothing(
    member_client, member, machine, lab, data, message
):
    booking = make_booking(member=member, machine=machine, start=at(lab, 2, 10))
    url = reverse("booking:move", args=[booking.pk])
    response = member_client.post(url, {**move_data(at(lab, 2, 10), "14:00", 60), **data})
    assert response.status_code == 200 and message in response.content.decode()
    booking.refresh_from_db()
    assert booking.start == at(lab, 2, 10)


def test_moving_after_the_deadline_is_refused(member_client, member, machine, noon, lab):
    booking = make_booking(member=member, machine=machine, start=noon + dt.timedelta(hours=1))
    url = reverse("booking:move", args=[booking.pk])
    response = member_client.post(url, move_data(at(lab, 2, 10), "10:00", 60))
    assert response.status_code == 200
    assert "ask the staff" in response.content.decode()
    booking.refresh_from_db()
    assert booking.start == noon + dt.timedelta(hours=1)


def test_the_home_panel_lists_machine_and_space_bookings(member_client, member, machine, room, lab):
    make_booking(member=member, machine=machine, start=at(lab, 1, 10))
    make_booking(member=member, space=room, start=at(lab, 1, 14), people=2)
    home = member_client.get(reverse("core:home")).content.decode()
    assert "My next bookings" in home
    assert "Trotec Speedy 300" in home and "Salle de réunion" in home


def test_the_machine_page_offers_check_in_and_staff_the_rule(client, member, staff, machine, noon):
    booking = make_booking(member=member, machine=machine, start=noon + dt.timedelta(minutes=10))
    page_url = reverse("equipment:machine_detail", args=[machine.pk])
    client.force_login(member)
    page = client.get(page_url).content.decode()
    assert reverse("booking:check_in", args=[booking.pk]) in page
    assert "Booking rule of this machine" not in page
    assert machine_section_context(mock.Mock(user=member), machine)["rule_url"] is None
    client.force_login(staff)
    page = client.get(page_url).content.decode()
    assert "Booking rule of this machine" in page
    rule_url = machine_section_context(mock.Mock(user=staff), machine)["rule_url"]
    response = client.get(rule_url)
    assert "New booking rule: Machine “Trotec Speedy 300”" in response.content.decode()
    rule = BookingRule.objects.create(lab=machine.lab, machine=machine)
    response = client.get(f"{rule_url}?next={page_url}")
    assert response["Location"] == reverse("booking:rule_edit", args=[rule.pk]) + "?" + urlencode(
        {"next": page_url}
    )
