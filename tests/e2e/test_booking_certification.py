"""Issue 5's browser test: a certified member books a laser-cutter slot in the week view, sees
it in "my bookings" and cancels it; an uncertified member trying the same slot is told which
training to take, and nothing is booked."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from fabdesk.booking.models import Booking, BookingStatus
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.members.tests.factories import PASSWORD, UserFactory
from fabdesk.schedule.tests.factories import WeeklyRangeFactory
from fabdesk.training.certification_services import certification_grant
from fabdesk.training.tests.factories import TrainingFactory

from .helpers import log_in
from .test_booking_week import free_slot, tomorrow, week_path

pytestmark = pytest.mark.e2e


@pytest.fixture
def laser(lab):
    for weekday in range(7):
        WeeklyRangeFactory(lab=lab, weekday=weekday, opens_at=dt.time(8), closes_at=dt.time(20))
    return MachineFactory(lab=lab, name="Trotec Speedy 300")


@pytest.fixture
def laser_training(lab, laser):
    return TrainingFactory(lab=lab, title="Laser cutter basics", machines=[laser])


def book_at_two(page, laser, day) -> None:
    page.goto(week_path(laser, day))
    free_slot(page, day, "14:00").get_by_role("link").click()
    form = page.get_by_role("region", name=re.compile("Book from"))
    form.get_by_role("button", name="Confirm the booking").click()


def test_a_certified_member_books_sees_and_cancels_a_laser_slot(
    page, lab, laser, laser_training, staff, default_group
):
    member = UserFactory(lab=lab, member_group=default_group, email="certified@example.test")
    certification_grant(
        actor=staff, member=member, training=laser_training, source="staff", reason="Trained"
    )
    day = tomorrow(lab)
    log_in(page, member.email, PASSWORD)

    book_at_two(page, laser, day)

    expect(page.get_by_role("status")).to_contain_text("Booked: Trotec Speedy 300")
    page.goto("/bookings/mine/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Trotec Speedy 300")
    expect(main).to_contain_text(re.compile(r"14:00\W{1,3}14:30"))
    main.get_by_role("button", name="Cancel this booking").click()

    expect(page.get_by_role("status")).to_contain_text("Your booking is cancelled.")
    booking = Booking.objects.get(member=member)
    assert booking.status == BookingStatus.CANCELLED
    page.goto(week_path(laser, day))
    expect(free_slot(page, day, "14:00")).to_have_count(1)  # free again


def test_an_uncertified_member_is_told_which_training_to_take(
    page, lab, laser, laser_training, default_group
):
    member = UserFactory(lab=lab, member_group=default_group, email="newcomer@example.test")
    day = tomorrow(lab)
    log_in(page, member.email, PASSWORD)

    book_at_two(page, laser, day)

    expect(page.get_by_role("main")).to_contain_text("Laser cutter basics")
    assert not Booking.objects.filter(member=member).exists()
