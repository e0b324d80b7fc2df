"""Spaces are shared up to their capacity: booking_create for a space, and the places left
over time (space_availability)."""

import datetime as dt

import pytest
from icalendar import Calendar

from fabdesk.booking.feed_services import feed_token_create
from fabdesk.booking.lifecycle import (
    booking_check_in,
    booking_close,
    bookings_mark_no_shows,
    bookings_send_reminders,
)
from fabdesk.booking.models import Booking, BookingRule, BookingStatus
from fabdesk.booking.selectors import space_availability
from fabdesk.booking.services import booking_cancel, booking_create
from fabdesk.core.errors import Conflict, Forbidden, Invalid, NotFound
from fabdesk.equipment.models import UsageEntry
from fabdesk.equipment.tests.factories import SpaceFactory
from fabdesk.members.models import User
from fabdesk.training.models import Certification
from fabdesk.training.tests.factories import TrainingFactory

from .conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_lab")]


@pytest.fixture
def room(lab):
    return SpaceFactory(lab=lab, name="Salle de réunion", capacity=3, bookable=True)


def book(member, room, start, end, people=1, actor=None, **kw):
    return booking_create(actor=actor or member, member=member, space=room, start=start, end=end,
                          people=people, **kw)  # fmt: skip


def refused(error, code, call, *args, **kw):
    with pytest.raises(error) as caught:
        call(*args, **kw)
    assert caught.value.code == code, caught.value.message
    return caught.value


def test_bookings_share_a_space_up_to_its_capacity(member, other_member, room, lab):
    first = book(member, room, at(lab, 1, 10), at(lab, 1, 12), people=2)
    assert first.space == room and first.machine is None and first.people == 2
    assert first.resource == room
    book(other_member, room, at(lab, 1, 11), at(lab, 1, 12))  # 3 of 3 from 11:00
    error = refused(Conflict, "space_full", book, other_member, room, at(lab, 1, 11, 30),
                    at(lab, 1, 13))  # fmt: skip
    assert "Salle de réunion" in error.message and "full" in error.message
    # From 10:00 to 11:00 one place is left: the message says how many, and when.
    error = refused(Conflict, "space_full", book, other_member, room, at(lab, 1, 9),
                    at(lab, 1, 11), people=2)  # fmt: skip
    assert "Only 1 place is left" in error.message and "10" in error.message
    book(other_member, room, at(lab, 1, 9), at(lab, 1, 11))  # that one place
    book(other_member, room, at(lab, 1, 12), at(lab, 1, 13), people=3)  # everyone left at 12
    assert Booking.objects.filter(space=room).count() == 4


def test_a_cancelled_booking_frees_its_places(member, other_member, room, lab):
    taken = book(member, room, at(lab, 2, 10), at(lab, 2, 11), people=3)
    refused(Conflict, "space_full", book, other_member, room, at(lab, 2, 10), at(lab, 2, 11))
    booking_cancel(actor=member, booking=taken)
    book(other_member, room, at(lab, 2, 10), at(lab, 2, 11), people=3)


def test_the_buffer_holds_the_places_after_a_booking(member, other_member, room, lab):
    BookingRule.objects.create(lab=lab, space=room, buffer_minutes=30)
    book(member, room, at(lab, 1, 10), at(lab, 1, 11), people=3)
    refused(Conflict, "space_full", book, other_member, room, at(lab, 1, 11), at(lab, 1, 12))
    book(other_member, room, at(lab, 1, 11, 30), at(lab, 1, 12))


def test_people_and_space_refusals_store_nothing(member, room, lab, machine):
    refused(Invalid, "too_many_people", book, member, room, at(lab, 1, 10), at(lab, 1, 11),
            people=4)  # fmt: skip
    refused(Invalid, "bad_people", book, member, room, at(lab, 1, 10), at(lab, 1, 11), people=0)
    refused(Invalid, "too_many_people", booking_create, actor=member, member=member,
            machine=machine, start=at(lab, 1, 10), end=at(lab, 1, 11), people=2)  # fmt: skip
    refused(Invalid, "machine_or_space", booking_create, actor=member, member=member,
            machine=machine, space=room, start=at(lab, 1, 10), end=at(lab, 1, 11))  # fmt: skip
    refused(Invalid, "machine_or_space", booking_create, actor=member, member=member,
            start=at(lab, 1, 10), end=at(lab, 1, 11))  # fmt: skip
    closed = SpaceFactory(lab=lab, bookable=False)
    refused(Invalid, "space_unavailable", book, member, closed, at(lab, 1, 10), at(lab, 1, 11))
    refused(NotFound, "not_found", book, member, SpaceFactory(bookable=True), at(lab, 1, 10),
            at(lab, 1, 11))  # fmt: skip
    refused(Invalid, "outside_opening_hours", book, member, room, at(lab, 1, 19), at(lab, 1, 21))
    refused(Invalid, "misaligned", book, member, room, at(lab, 1, 10, 10), at(lab, 1, 11))
    refused(Invalid, "in_the_past", book, member, room, at(lab, -1, 10), at(lab, -1, 11))
    assert not Booking.objects.exists()


def test_a_space_without_capacity_holds_one_person(member, other_member, lab):
    desk = SpaceFactory(lab=lab, capacity=None, bookable=True)
    book(member, desk, at(lab, 1, 10), at(lab, 1, 11))
    refused(Conflict, "space_full", book, other_member, desk, at(lab, 1, 10), at(lab, 1, 11))


def test_the_space_s_rule_applies_and_no_certification(member, room, lab):
    TrainingFactory(lab=lab)  # a training that unlocks no space
    BookingRule.objects.create(lab=lab, space=room, slot_minutes=60, max_minutes=120,
                               max_hours_per_week=3, advance_days=60)  # fmt: skip
    monday = 7 - at(lab, 0, 12).weekday()  # next Monday, 1 to 7 days ahead
    refused(Invalid, "misaligned", book, member, room, at(lab, monday, 10, 30),
            at(lab, monday, 11, 30))  # fmt: skip
    refused(Invalid, "too_long", book, member, room, at(lab, monday, 10), at(lab, monday, 13))
    book(member, room, at(lab, monday, 10), at(lab, monday, 12))
    book(member, room, at(lab, monday, 14), at(lab, monday, 15))
    # the weekly limit counts this member's hours in this space, in the lab's week
    error = refused(Invalid, "weekly_limit", book, member, room, at(lab, monday + 1, 10),
                    at(lab, monday + 1, 11))  # fmt: skip
    book(member, room, at(lab, monday + 7, 10), at(lab, monday + 7, 12))
    assert "Salle de réunion" in error.message


def test_a_suspended_member_books_no_space(member, room, lab):
    member.status = User.Status.SUSPENDED
    member.save()
    refused(Forbidden, "account_suspended", book, member, room, at(lab, 1, 10), at(lab, 1, 11))


def test_trusted_members_book_outside_opening_hours_where_the_rule_allows(member, room, lab):
    BookingRule.objects.create(lab=lab, space=room, outside_opening_hours_allowed=True)
    refused(Invalid, "outside_opening_hours", book, member, room, at(lab, 1, 19), at(lab, 1, 21))
    member.trusted = True
    member.save()
    booking = book(member, room, at(lab, 1, 19), at(lab, 1, 21))
    assert booking.override_reason == ""


def test_trusted_members_still_keep_to_opening_hours_where_the_rule_says(member, machine, lab):
    member.trusted = True
    member.save()
    refused(Invalid, "outside_opening_hours", booking_create, actor=member, member=member,
            machine=machine, start=at(lab, 1, 19), end=at(lab, 1, 21))  # fmt: skip
    BookingRule.objects.create(lab=lab, machine=machine, outside_opening_hours_allowed=True)
    booking_create(actor=member, member=member, machine=machine, start=at(lab, 1, 19),
                   end=at(lab, 1, 21))  # fmt: skip


def test_space_availability_gives_the_places_left(member, other_member, room, lab,
                                                  django_assert_max_num_queries):  # fmt: skip
    book(member, room, at(lab, 1, 10), at(lab, 1, 12), people=2)
    book(other_member, room, at(lab, 1, 11), at(lab, 1, 13))
    cancelled = book(other_member, room, at(lab, 1, 15), at(lab, 1, 16), people=3)
    booking_cancel(actor=other_member, booking=cancelled)
    window = {"start": at(lab, 1, 0), "end": at(lab, 2, 0)}
    with django_assert_max_num_queries(6):
        slots = space_availability(space=room, **window)
    assert slots == [
        (at(lab, 1, 8), at(lab, 1, 10), 3),
        (at(lab, 1, 10), at(lab, 1, 11), 1),
        # 11:00-12:00 is full
        (at(lab, 1, 12), at(lab, 1, 13), 2),
        (at(lab, 1, 13), at(lab, 1, 20), 3),
    ]
    assert space_availability(space=room, people=2, **window) == [
        (at(lab, 1, 8), at(lab, 1, 10), 3),
        (at(lab, 1, 12), at(lab, 1, 13), 2),
        (at(lab, 1, 13), at(lab, 1, 20), 3),
    ]
    assert space_availability(space=room, people=4, **window) == []


def test_space_availability_keeps_room_for_the_buffer(member, room, lab):
    BookingRule.objects.create(lab=lab, space=room, buffer_minutes=30)
    book(member, room, at(lab, 1, 10), at(lab, 1, 11), people=3)
    slots = space_availability(space=room, start=at(lab, 1, 0), end=at(lab, 2, 0))
    # A booking ending at 9:30 keeps its own buffer clear of the full 10:00 booking.
    assert slots == [(at(lab, 1, 8), at(lab, 1, 9, 30), 3), (at(lab, 1, 11, 30), at(lab, 1, 20), 3)]
    book(member, room, at(lab, 1, 9), at(lab, 1, 9, 30))
    book(member, room, at(lab, 1, 11, 30), at(lab, 1, 12))


def test_staff_lift_a_space_s_limits_with_a_reason_never_its_capacity(member, staff, room, lab):
    book(member, room, at(lab, 1, 10), at(lab, 1, 11), people=3)
    refused(Conflict, "space_full", book, member, room, at(lab, 1, 10), at(lab, 1, 11),
            actor=staff, override_reason="Board meeting")  # fmt: skip
    lifted = book(member, room, at(lab, 1, 19), at(lab, 1, 21), actor=staff,
                  override_reason="Evening meet-up")  # fmt: skip
    assert lifted.override_reason == "Evening meet-up"
    assert dt.timedelta(hours=2) == lifted.end - lifted.start


def test_a_space_booking_is_checked_in_and_closed_counting_nothing(member, room, lab):
    booking = Booking.objects.create(lab=lab, space=room, member=member, people=2,
                                     start=at(lab, 0, 10), end=at(lab, 0, 12),
                                     blocked_until=at(lab, 0, 12))  # fmt: skip
    booking_check_in(actor=member, booking=booking, at=at(lab, 0, 10))
    closed = booking_close(actor=member, booking=booking, at=at(lab, 0, 11))
    assert closed.status == BookingStatus.COMPLETED and closed.closed_at == at(lab, 0, 11)
    assert not UsageEntry.objects.exists() and not Certification.objects.exists()


def test_space_bookings_are_reminded_and_counted_as_no_shows(member, room, lab):
    BookingRule.objects.create(lab=lab, space=room, reminder_hours=24, no_show_after_minutes=15)
    booking = Booking.objects.create(lab=lab, space=room, member=member, start=at(lab, 1, 10),
                                     end=at(lab, 1, 12), blocked_until=at(lab, 1, 12))  # fmt: skip
    assert bookings_send_reminders(now=at(lab, 0, 11)) == [booking]
    assert bookings_mark_no_shows(now=at(lab, 1, 10, 20)) == [booking]


def test_a_space_booking_costs_the_same_few_queries_whatever_the_history(
    member, other_member, room, lab, django_assert_max_num_queries
):
    for days in range(-30, 0):  # a month of past bookings, and some today
        Booking.objects.create(lab=lab, space=room, member=other_member, start=at(lab, days, 10),
                               end=at(lab, days, 11), blocked_until=at(lab, days, 11))  # fmt: skip
    book(other_member, room, at(lab, 1, 9), at(lab, 1, 12), people=2)
    # lock, rule, opening hours (3), bookings met, insert, the savepoint around it all, and
    # billing asking whether the space has a price (ADR 0015)
    with django_assert_max_num_queries(10):
        book(member, room, at(lab, 1, 10), at(lab, 1, 11))


def test_a_member_s_calendar_feed_lists_their_space_bookings(client, member, room, lab):
    book(member, room, at(lab, 1, 10), at(lab, 1, 11), people=2)
    secret = feed_token_create(user=member)
    response = client.get(f"/bookings/feed/{secret}.ics")
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Booking: Salle de réunion"]
    assert str(events[0]["location"]) == f"Salle de réunion, {lab.name}"
