"""The price before booking, in a real browser: a member of a group with a reduced rate picks
a free slot of the laser, the booking form says what it will cost, the price follows the
duration they choose (htmx), they confirm, and the charge waits in "My invoices" to be paid
at the desk."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fabdesk.billing.models import Charge
from fabdesk.billing.tests.factories import MachinePriceFactory
from fabdesk.booking.models import Booking
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.members.tests.factories import PASSWORD, MemberGroupFactory, UserFactory
from fabdesk.schedule.tests.factories import WeeklyRangeFactory

from .helpers import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def laser(lab):
    """Open every day 08:00-20:00; 12 €/h for everyone, 6 €/h for students (VAT included)."""
    for weekday in range(7):
        WeeklyRangeFactory(lab=lab, weekday=weekday, opens_at=dt.time(8), closes_at=dt.time(20))
    laser = MachineFactory(lab=lab, name="Trotec Speedy 300")
    MachinePriceFactory(machine=laser, hourly_rate=Decimal("12"))
    return laser


@pytest.fixture
def student(lab, laser):
    students = MemberGroupFactory(lab=lab, name="Étudiant", slug="student")
    MachinePriceFactory(machine=laser, hourly_rate=Decimal("6"), member_group=students)
    return UserFactory(lab=lab, member_group=students, email="student@example.test")


def euros(amount: str) -> re.Pattern:
    return re.compile(rf"€\s?{re.escape(amount)}")


def test_a_student_sees_their_price_books_and_finds_the_charge_to_pay(page, lab, laser, student):
    day = timezone.localtime(timezone.now(), lab.tzinfo).date() + dt.timedelta(days=1)
    log_in(page, student.email, PASSWORD)
    page.goto(f"/bookings/machines/{laser.pk}/?week={day.isoformat()}")
    column = page.locator(f"section:has(> h2#day-{day.isoformat()})")
    column.locator("li.slot-free", has_text=re.compile(r"^\s*10:00\b")).get_by_role("link").click()

    form = page.get_by_role("region", name=re.compile("Book from"))
    price = form.locator("[data-price-preview]")
    expect(price).to_contain_text("This booking will cost")
    expect(price).to_contain_text(euros("3.00"))  # 30 minutes at the students' 6 €/h
    form.get_by_label("Duration").select_option("120")
    expect(price).to_contain_text(euros("12.00"))  # followed the duration
    form.get_by_role("button", name="Confirm the booking").click()

    expect(page.get_by_role("status")).to_contain_text("Booked: Trotec Speedy 300")
    booking = Booking.objects.get(member=student)
    charge = Charge.objects.get(member=student)
    assert charge.source == booking and charge.status == "pending"
    assert charge.total_incl_tax == Decimal("12.00")
    page.goto("/billing/mine/")
    to_pay = page.get_by_role("region", name="To pay")
    expect(to_pay).to_contain_text("Machine time: Trotec Speedy 300")
    expect(to_pay).to_contain_text(euros("12.00"))
