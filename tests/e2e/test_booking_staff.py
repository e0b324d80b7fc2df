"""Staff in a real browser: they give a machine its own booking rule with 15-minute steps and
the machine's week then offers quarter-hour slots; on the today board they check in a
member who just arrived, then close the booking."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fabdesk.booking.models import Booking, BookingRule, BookingStatus
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import PASSWORD, UserFactory
from fabdesk.schedule.tests.factories import WeeklyRangeFactory

from .helpers import label, log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def laser(lab):
    for weekday in range(7):
        WeeklyRangeFactory(lab=lab, weekday=weekday, opens_at=dt.time(8), closes_at=dt.time(20))
    return MachineFactory(lab=lab, name="Trotec Speedy 300")


@pytest.fixture
def manager(lab):
    return UserFactory(lab=lab, email="manager@example.test", with_role=Role.STAFF)


def free_slot(page, day: dt.date, hhmm: str):
    column = page.locator(f"section:has(> h2#day-{day.isoformat()})")
    return column.locator("li.slot-free", has_text=re.compile(rf"^\s*{hhmm}\b"))


def test_staff_give_a_machine_quarter_hour_slots(page, lab, laser, manager):
    day = timezone.localtime(timezone.now(), lab.tzinfo).date() + dt.timedelta(days=1)
    log_in(page, manager.email, PASSWORD)
    page.goto(f"/bookings/machines/{laser.pk}/?week={day.isoformat()}")
    expect(free_slot(page, day, "10:00")).to_have_count(1)
    expect(free_slot(page, day, "10:15")).to_have_count(0)  # the built-in 30-minute steps

    nav = page.get_by_role("navigation", name="Main navigation")
    nav.get_by_role("link", name="All bookings").click()
    page.get_by_role("link", name="Booking rules").click()
    page.get_by_role("link", name="Set a rule for Trotec Speedy 300").click()
    page.get_by_label(label("Slot step (minutes)")).fill("15")
    page.get_by_label(label("Shortest booking (minutes)")).fill("15")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text(
        "The booking rule of Machine “Trotec Speedy 300” is saved."
    )
    row = page.get_by_role("row", name=re.compile("^Trotec Speedy 300"))
    expect(row).to_contain_text("Its own rule")
    expect(row).to_contain_text("Steps of 15 minutes")
    assert BookingRule.objects.get(machine=laser).slot_minutes == 15

    page.goto(f"/bookings/machines/{laser.pk}/?week={day.isoformat()}")
    expect(free_slot(page, day, "10:15")).to_have_count(1)
    expect(free_slot(page, day, "10:45")).to_have_count(1)


def test_staff_check_in_and_close_a_booking_from_the_today_board(
    page, lab, laser, manager, default_group
):
    maker = UserFactory(lab=lab, member_group=default_group, email="maker@example.test",
                        first_name="Camille", last_name="Martin")  # fmt: skip
    start = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(minutes=5)
    booking = Booking.objects.create(
        lab=lab, machine=laser, member=maker, start=start, end=start + dt.timedelta(hours=1),
        blocked_until=start + dt.timedelta(hours=1), booked_by=maker,
    )  # fmt: skip
    at = timezone.localtime(start, lab.tzinfo).strftime("%H:%M")

    log_in(page, manager.email, PASSWORD)
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Today").click()
    board = page.get_by_role("region", name="Bookings today")
    expect(board).to_contain_text("Trotec Speedy 300")
    board.get_by_role("button", name=f"Check in: Camille Martin at {at}").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Camille Martin is checked in: Trotec Speedy 300 at {at}."
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN

    board = page.get_by_role("region", name="Bookings today")
    expect(board.get_by_text("Checked in", exact=True)).to_be_visible()
    board.get_by_role("button", name=f"Close: Camille Martin at {at}").click()
    expect(page.get_by_role("status")).to_contain_text("The booking of Camille Martin is closed")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED
