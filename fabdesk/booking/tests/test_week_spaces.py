"""The week page of a space (places left, booking with a number of people), blocks in the
week grid of a machine or a space (what staff and members see, ending one), the staff form to
block a period, drag-to-select's preselected duration and the space page's booking section."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from fabdesk.booking.models import Booking, BookingKind, BookingStatus
from fabdesk.booking.week import resource_week
from fabdesk.core.tests.factories import LabFactory
from fabdesk.equipment.tests.factories import SpaceFactory
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory

from .conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_lab")]


@pytest.fixture
def space(lab):
    return SpaceFactory(lab=lab, name="Electronics corner", capacity=4, bookable=True)


def space_url(space, day: dt.datetime | None = None, **params) -> str:
    url = reverse("booking:space_week", args=[space.pk])
    if day is not None:
        params["week"] = day.date().isoformat()
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{url}?{query}" if query else url


def machine_url(machine, day: dt.datetime) -> str:
    return f"{reverse('booking:machine_week', args=[machine.pk])}?week={day.date().isoformat()}"


def held(lab, member, start, end, *, people=1, kind=BookingKind.BOOKING, note="", **target):
    """A booking (or block) written directly: the page's read side, whatever the services."""
    return Booking.objects.create(lab=lab, member=member, start=start, end=end,
                                  blocked_until=end, people=people, kind=kind, note=note,
                                  **target)  # fmt: skip


def slot_text(page: str, hhmm: str, day: dt.datetime) -> str:
    """The text of the slot starting at `hhmm` in the day of `day` (tags dropped)."""
    column = page.split(f'id="day-{day.date().isoformat()}"', 1)[1].split("</section>", 1)[0]
    for item in re.findall(r"<li class=\"slot[^>]*>(.*?)</li>", column, re.S):
        text = " ".join(re.sub(r"<[^>]+>", " ", item).split())
        if text.startswith(hhmm):
            return text
    raise AssertionError(f"no slot at {hhmm}")


def test_each_slot_shows_the_places_left(client, member, other_member, space, lab):
    day = at(lab, 1, 10)
    held(lab, member, day, at(lab, 1, 11), people=1, space=space)
    held(lab, other_member, at(lab, 1, 10, 30), at(lab, 1, 12), people=2, space=space)
    held(lab, other_member, at(lab, 1, 14), at(lab, 1, 15), people=4, space=space)
    cancelled = held(lab, other_member, at(lab, 1, 16), at(lab, 1, 17), people=4, space=space)
    Booking.objects.filter(pk=cancelled.pk).update(status=BookingStatus.CANCELLED)
    client.force_login(member)
    page = client.get(space_url(space, day)).content.decode()
    assert "holds 4 people at a time" in page
    assert "3 places left" in slot_text(page, "10:00", day)
    assert "1 place left" in slot_text(page, "10:30", day)
    assert "your booking" in slot_text(page, "10:30", day)
    assert "2 places left" in slot_text(page, "11:00", day)
    assert slot_text(page, "14:00", day).endswith("full")
    assert "4 places left" in slot_text(page, "16:00", day)  # a cancelled booking frees them
    # A full slot is not offered: no link to book from it.
    start = at(lab, 1, 14).isoformat().replace("+", "%2B")
    assert f"start={start}" not in page
    assert "Other" not in page and other_member.email not in page


def test_a_space_without_a_capacity_holds_one_booking(member, space, lab):
    space.capacity = None
    space.save()
    held(lab, member, at(lab, 1, 10), at(lab, 1, 11), space=space)
    week = resource_week(space=space, monday=at(lab, 1, 10).date())
    slots = {s.start: s for day in week.days for s in day.slots}
    assert week.capacity == 1
    assert slots[at(lab, 1, 10)].places_left == 0 and not slots[at(lab, 1, 10)].free
    assert slots[at(lab, 1, 11)].places_left == 1 and slots[at(lab, 1, 11)].free


def test_a_block_closes_every_place_of_the_space(staff, space, lab):
    held(lab, staff, at(lab, 1, 10), at(lab, 1, 12), people=1, kind=BookingKind.BLOCK,
         note="Private workshop", space=space)  # fmt: skip
    week = resource_week(space=space, monday=at(lab, 1, 10).date())
    slots = {s.start: s for day in week.days for s in day.slots}
    blocked = slots[at(lab, 1, 11)]
    assert blocked.block is not None and blocked.places_left == 0 and not blocked.free
    assert week.blocks and not week.bookings


def test_a_space_that_is_not_bookable_has_no_week_page(client, member, space, lab):
    space.bookable = False
    space.save()
    client.force_login(member)
    assert client.get(space_url(space)).status_code == 404
    assert client.post(space_url(space), {"range-date": "2030-01-01"}).status_code == 404
    elsewhere = SpaceFactory(lab=LabFactory(slug="elsewhere"), bookable=True)
    assert client.get(space_url(elsewhere)).status_code == 404


def test_more_people_than_the_capacity_are_refused(member_client, space, lab):
    day = at(lab, 2, 14)
    data = {"range-date": day.date().isoformat(), "range-start_time": "14:00",
            "range-end_time": "15:00", "range-people": "5"}  # fmt: skip
    response = member_client.post(space_url(space, day), data)
    assert response.status_code == 200
    assert "This space holds at most 4 people." in response.content.decode()
    assert not Booking.objects.exists()
    page = member_client.get(space_url(space, day)).content.decode()
    assert 'name="range-people"' in page and 'max="4"' in page


def test_a_member_books_places_in_a_space(member_client, member, other_member, space, lab):
    day = at(lab, 2, 14)
    held(lab, other_member, day, at(lab, 2, 15), people=3, space=space)
    chosen = day.isoformat().replace("+", "%2B")
    form = member_client.get(space_url(space, day, start=chosen)).content.decode()
    assert "Confirm the booking" in form and 'name="slot-people"' in form
    data = {"slot-date": day.date().isoformat(), "slot-start_time": "14:00",
            "slot-duration": "60", "slot-people": "2"}  # fmt: skip
    short = member_client.post(space_url(space, day), data)
    assert short.status_code == 200 and "Only 1 place is left" in short.content.decode()
    assert not Booking.objects.filter(member=member).exists()
    data["slot-people"] = "1"
    response = member_client.post(space_url(space, day), data)
    assert response.status_code == 302
    booking = Booking.objects.get(member=member)
    assert booking.space == space and booking.people == 1 and booking.machine is None
    page = member_client.get(response["Location"]).content.decode()
    assert "Booked: Electronics corner" in page
    assert slot_text(page, "14:00", day) == "14:00 your booking"  # and full
    again = member_client.post(space_url(space, day), data)
    assert again.status_code == 200 and "is full at" in again.content.decode()
    assert Booking.objects.filter(member=member).count() == 1


def test_blocks_in_the_grid_as_members_and_staff_see_them(client, member, staff, machine, lab):
    staff.first_name, staff.last_name = "Camille", "Rousseau"
    staff.save()
    day = at(lab, 1, 10)
    held(lab, staff, day, at(lab, 1, 12), kind=BookingKind.BLOCK, note="Laser maintenance",
         machine=machine)  # fmt: skip
    client.force_login(member)
    page = client.get(machine_url(machine, day)).content.decode()
    assert slot_text(page, "10:00", day) == "10:00 Closed: Laser maintenance"
    assert "Camille" not in page and "End this block" not in page and "taken" not in page
    client.force_login(staff)
    page = client.get(machine_url(machine, day)).content.decode()
    assert "Closed: Laser maintenance by Camille Rousseau" in slot_text(page, "10:00", day)
    assert "End this block" in slot_text(page, "10:00", day)
    assert "End this block" not in slot_text(page, "10:30", day)  # once, on its first slot


def test_staff_end_a_block_from_the_week(staff_client, staff, machine, lab):
    day = at(lab, 1, 10)
    block = held(lab, staff, day, at(lab, 1, 12), kind=BookingKind.BLOCK, note="Cleaning",
                 machine=machine)  # fmt: skip
    url = machine_url(machine, day)
    response = staff_client.post(reverse("booking:cancel", args=[block.pk]), {"next": url},
                                 follow=True)  # fmt: skip
    assert "The block is ended" in response.content.decode()
    block.refresh_from_db()
    assert block.status == BookingStatus.CANCELLED
    assert "Closed:" not in staff_client.get(url).content.decode()


def block_data(day: dt.datetime, start: str, end: str, note="Maintenance", **extra) -> dict:
    data = {
        "block-start_date": day.date().isoformat(),
        "block-start_time": start,
        "block-end_date": day.date().isoformat(),
        "block-end_time": end,
        "block-note": note,
    }
    data.update({f"block-{key}": value for key, value in extra.items()})
    return data


def test_members_get_no_block_form(member_client, machine, lab):
    day = at(lab, 1, 10)
    assert "Block a period" not in member_client.get(machine_url(machine, day)).content.decode()
    response = member_client.post(machine_url(machine, day), block_data(day, "10:00", "12:00"))
    assert response.status_code == 403
    assert not Booking.objects.exists()


def test_staff_block_a_period_and_see_what_is_in_the_way(
    staff_client, member, machine, lab, django_capture_on_commit_callbacks
):
    day = at(lab, 1, 10)
    page = staff_client.get(machine_url(machine, day)).content.decode()
    assert "Block a period" in page and "Cancel the bookings in the way" in page
    booking = held(lab, member, at(lab, 1, 11), at(lab, 1, 12), machine=machine)
    refused = staff_client.post(machine_url(machine, day), block_data(day, "10:00", "13:00"))
    assert refused.status_code == 200
    assert "1 booking is in the way" in refused.content.decode()
    assert not Booking.objects.filter(kind=BookingKind.BLOCK).exists()
    with django_capture_on_commit_callbacks(execute=True):
        data = block_data(day, "10:00", "13:00", cancel_conflicting="on")
        done = staff_client.post(machine_url(machine, day), data)
    assert done.status_code == 302
    block = Booking.objects.get(kind=BookingKind.BLOCK)
    assert (block.start, block.end, block.note) == (day, at(lab, 1, 13), "Maintenance")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    page = staff_client.get(done["Location"]).content.decode()
    assert "The period is blocked." in page and "Closed: Maintenance" in page


def test_a_block_without_a_note_is_refused(staff_client, machine, lab):
    day = at(lab, 1, 10)
    response = staff_client.post(machine_url(machine, day), block_data(day, "10:00", "12:00",
                                                                        note=""))  # fmt: skip
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_drag_preselects_its_duration(member_client, machine, lab):
    day = at(lab, 1, 10)
    chosen = day.isoformat().replace("+", "%2B")
    page = member_client.get(f"{machine_url(machine, day)}&start={chosen}&duration=90")
    html = page.content.decode()
    assert "Book from" in html and "at 10:00" in html
    assert re.search(r'<option value="90" selected>', html)
    odd = member_client.get(f"{machine_url(machine, day)}&start={chosen}&duration=abc")
    assert odd.status_code == 200 and "selected>" not in odd.content.decode().split('id="book"')[1]


def test_the_space_page_offers_to_book_a_bookable_space(client, member, space, lab):
    client.force_login(member)
    detail = reverse("equipment:space_detail", args=[space.pk])
    held(lab, member, at(lab, 1, 10), at(lab, 1, 11), space=space)
    page = client.get(detail).content.decode()
    assert "Book this space" in page and reverse("booking:space_week", args=[space.pk]) in page
    assert "Your next booking" in page
    space.bookable = False
    space.save()
    assert "Book this space" not in client.get(detail).content.decode()


@pytest.mark.parametrize("past", [5, 200])
def test_space_week_queries_do_not_grow_with_history(client, member, space, lab, past,
                                                     django_assert_max_num_queries):  # fmt: skip
    others = [SpaceFactory(lab=lab, bookable=True) for _ in range(2)]
    Booking.objects.bulk_create(
        Booking(lab=lab, space=(space, *others)[n % 3], member=member, start=at(lab, -1 - n, 9),
                end=at(lab, -1 - n, 10), blocked_until=at(lab, -1 - n, 10))
        for n in range(past)
    )  # fmt: skip
    held(lab, member, at(lab, 1, 10), at(lab, 1, 11), space=space)
    held(lab, member, at(lab, 1, 14), at(lab, 1, 15), kind=BookingKind.BLOCK, note="x",
         space=space)  # fmt: skip
    client.force_login(UserFactory(lab=lab, with_role=Role.STAFF))
    with django_assert_max_num_queries(12):
        response = client.get(space_url(space, at(lab, 1, 10)))
    assert response.status_code == 200
