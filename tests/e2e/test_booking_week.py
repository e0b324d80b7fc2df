"""The week calendar in a real browser: a member drags across three free slots of a machine's
week, the booking form shows the chosen start and a three-slot duration, they confirm, and
the booking is in "my bookings". On a phone the week scrolls sideways inside its own
scroller, one day a screen, with slots big enough for a finger, and the page never does."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fabdesk.booking.models import Booking
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.members.tests.factories import PASSWORD, UserFactory
from fabdesk.schedule.tests.factories import WeeklyRangeFactory

from .conftest import STEP_TIMEOUT_MS, save_screenshots
from .helpers import LOGIN_URL, label, log_in

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def laser(lab):
    for weekday in range(7):
        WeeklyRangeFactory(lab=lab, weekday=weekday, opens_at=dt.time(8), closes_at=dt.time(20))
    return MachineFactory(lab=lab, name="Trotec Speedy 300")


@pytest.fixture
def maker(lab, default_group):
    return UserFactory(lab=lab, member_group=default_group, email="maker@example.test")


def tomorrow(lab) -> dt.date:
    return timezone.localtime(timezone.now(), lab.tzinfo).date() + dt.timedelta(days=1)


def week_path(machine, day: dt.date) -> str:
    return f"/bookings/machines/{machine.pk}/?week={day.isoformat()}"


def free_slot(page, day: dt.date, hhmm: str):
    column = page.locator(f"section:has(> h2#day-{day.isoformat()})")
    return column.locator("li.slot-free", has_text=re.compile(rf"^\s*{hhmm}\b"))


def centre(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_a_member_drags_across_three_slots_and_books_them(page, lab, laser, maker):
    day = tomorrow(lab)
    log_in(page, maker.email, PASSWORD)
    page.goto(week_path(laser, day))
    first, middle, last = (free_slot(page, day, hhmm) for hhmm in ("10:00", "10:30", "11:00"))
    first.scroll_into_view_if_needed()

    page.mouse.move(*centre(first))
    page.mouse.down()
    page.mouse.move(*centre(middle), steps=4)
    page.mouse.move(*centre(last), steps=4)
    expect(page.locator("li.slot-selected")).to_have_count(3)
    page.mouse.up()

    form = page.get_by_role("region", name=re.compile("Book from"))
    expect(form.get_by_role("heading")).to_contain_text("at 10:00")
    expect(form.get_by_label("Duration")).to_have_value("90")
    confirm = form.get_by_role("button", name="Confirm the booking")
    expect(confirm).to_be_focused()
    confirm.click()

    expect(page.get_by_role("status")).to_contain_text("Booked: Trotec Speedy 300")
    booking = Booking.objects.get(member=maker)
    assert timezone.localtime(booking.start, lab.tzinfo).time() == dt.time(10)
    assert booking.end - booking.start == dt.timedelta(minutes=90)
    page.goto("/bookings/mine/")
    expect(page.get_by_role("main")).to_contain_text(re.compile(r"10:00\W{1,3}11:30"))
    expect(page.get_by_role("main")).to_contain_text("Trotec Speedy 300")


def test_one_click_still_chooses_a_slot(page, lab, laser, maker):
    day = tomorrow(lab)
    log_in(page, maker.email, PASSWORD)
    page.goto(week_path(laser, day))
    free_slot(page, day, "14:00").get_by_role("link").click()
    form = page.get_by_role("region", name=re.compile("Book from"))
    expect(form.get_by_role("heading")).to_contain_text("at 14:00")
    expect(form.get_by_label("Duration")).to_have_value("30")


@pytest.fixture
def phone_page(browser, live_server, request):
    """A page in a phone-sized, touch-screen browser context (screenshotted on failure)."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(STEP_TIMEOUT_MS)
    yield context.new_page()
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        save_screenshots(f"{request.node.nodeid}-phone", [context])
    context.close()


def test_on_a_phone_only_the_week_scrolls_sideways(phone_page, lab, laser, maker):
    page = phone_page
    day = tomorrow(lab)
    phone_log_in(page, maker.email)
    page.goto(week_path(laser, day))
    expect(page.get_by_role("heading", name="Book Trotec Speedy 300")).to_be_visible()
    sizes = page.evaluate(
        """() => {
            const scroller = document.querySelector('.week-scroller');
            const day = document.querySelector('.week-day');
            return {
                page: document.documentElement.scrollWidth,
                body: document.body.scrollWidth,
                viewport: window.innerWidth,
                scroller: scroller.clientWidth,
                grid: scroller.scrollWidth,
                day: day.getBoundingClientRect().width,
            };
        }"""
    )
    assert sizes["page"] <= sizes["viewport"] and sizes["body"] <= sizes["viewport"], sizes
    assert sizes["grid"] > sizes["scroller"], sizes  # the week scrolls in its own scroller
    assert sizes["day"] >= 0.8 * sizes["scroller"], sizes  # one day a screen
    slot = free_slot(page, day, "10:00")
    assert slot.bounding_box()["height"] >= 40
    assert slot.get_by_role("link").bounding_box()["height"] >= 40


def phone_log_in(page, email: str) -> None:
    page.goto(LOGIN_URL)
    form = page.get_by_role("main")
    form.get_by_label(label("Email")).fill(email)
    form.get_by_label(label("Password")).fill(PASSWORD)
    form.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Successfully signed in")).to_be_visible()  # menu folded


def test_on_a_phone_a_finger_held_then_dragged_selects_slots(phone_page, lab, laser, maker):
    page = phone_page
    day = tomorrow(lab)
    phone_log_in(page, maker.email)
    page.goto(week_path(laser, day))
    first, last = free_slot(page, day, "10:00"), free_slot(page, day, "11:00")
    first.scroll_into_view_if_needed()
    (x, y), (_, y_last) = centre(first), centre(last)
    # Playwright has no touch drag: Chromium's DevTools protocol sends the touches.
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, *point: float) -> None:
        points = [{"x": point[0], "y": point[1]}] if point else []
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", x, y)
    page.wait_for_timeout(600)  # held a moment: selecting, not scrolling
    for step in range(1, 6):
        touch("touchMove", x, y + (y_last - y) * step / 5)
    expect(page.locator("li.slot-selected")).to_have_count(3)
    touch("touchEnd")
    form = page.get_by_role("region", name=re.compile("Book from"))
    expect(form.get_by_role("heading")).to_contain_text("at 10:00")
    expect(form.get_by_label("Duration")).to_have_value("90")
