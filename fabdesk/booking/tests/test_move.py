"""Moving a booking: the same row, new times, every rule of booking_create again."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from fabdesk.booking.block_services import block_create
from fabdesk.booking.models import Booking, BookingRule, BookingStatus
from fabdesk.booking.services import booking_create, booking_move
from fabdesk.core.errors import Conflict, Forbidden, Invalid, NotFound
from fabdesk.core.models import AuditEntry
from fabdesk.equipment.tests.factories import SpaceFactory
from fabdesk.notifications.models import Notification

from .conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_lab")]


def book(member, machine, lab, days, start, end, **kw):
    return booking_create(actor=member, member=member, machine=machine,
                          start=at(lab, days, start), end=at(lab, days, end), **kw)  # fmt: skip


def move(actor, booking, lab, days, start, end, **kw):
    return booking_move(actor=actor, booking=booking, start=at(lab, days, start),
                        end=at(lab, days, end), **kw)  # fmt: skip


def refused(error, code, call, *args, **kw):
    with pytest.raises(error) as caught:
        call(*args, **kw)
    assert caught.value.code == code, caught.value.message
    return caught.value


def times(booking):
    booking.refresh_from_db()
    return booking.start, booking.end, booking.blocked_until


def test_a_member_moves_their_booking_on_the_same_row(member, machine, lab):
    BookingRule.objects.create(lab=lab, machine=machine, buffer_minutes=15)
    booking = book(member, machine, lab, 2, 10, 11)
    moved = move(member, booking, lab, 2, 14, 16)
    assert moved.pk == booking.pk and Booking.objects.count() == 1
    assert times(booking) == (at(lab, 2, 14), at(lab, 2, 16), at(lab, 2, 16, 15))
    entry = AuditEntry.objects.get(action="booking.moved")
    was, now = (dt.datetime.fromisoformat(moment) for moment in entry.changes["start"])
    assert (was, now) == (at(lab, 2, 10), at(lab, 2, 14))
    book(member, machine, lab, 2, 10, 11)  # the old slot is free again


def test_a_booking_does_not_count_against_itself(member, machine, lab):
    BookingRule.objects.create(lab=lab, machine=machine, buffer_minutes=30, max_hours_per_week=2,
                               advance_days=60)  # fmt: skip
    monday = 7 - at(lab, 0, 12).weekday()
    booking = book(member, machine, lab, monday, 10, 12)  # the whole weekly allowance
    move(member, booking, lab, monday, 11, 13)  # overlaps its own old time and buffer
    assert times(booking)[:2] == (at(lab, monday, 11), at(lab, monday, 13))


def test_a_move_keeps_every_rule_and_changes_nothing_when_refused(
    member, other_member, machine, lab
):
    booking = book(member, machine, lab, 2, 10, 11)
    book(other_member, machine, lab, 2, 14, 15)
    before = times(booking)
    refused(Conflict, "slot_taken", move, member, booking, lab, 2, 14, 15)
    refused(Invalid, "outside_opening_hours", move, member, booking, lab, 2, 19, 21)
    refused(Invalid, "misaligned", booking_move, actor=member, booking=booking,
            start=at(lab, 2, 12, 10), end=at(lab, 2, 13))  # fmt: skip
    refused(Invalid, "in_the_past", move, member, booking, lab, -1, 10, 11)
    refused(Invalid, "too_long", move, member, booking, lab, 3, 8, 13)
    refused(NotFound, "not_found", move, other_member, booking, lab, 3, 10, 11)
    refused(Forbidden, "staff_only", move, member, booking, lab, 3, 10, 11, override_reason="x")
    assert times(booking) == before
    assert not AuditEntry.objects.filter(action="booking.moved").exists()


def test_a_member_moves_only_until_the_cancellation_deadline(member, staff, machine, lab):
    BookingRule.objects.create(lab=lab, machine=machine, cancel_hours=48)
    soon = book(member, machine, lab, 1, 10, 11)
    refused(Invalid, "cancellation_deadline_passed", move, member, soon, lab, 3, 10, 11)
    move(staff, soon, lab, 3, 10, 11)  # staff any time


def test_only_a_booking_to_come_moves(member, staff, machine, lab):
    booking = book(member, machine, lab, 2, 10, 11)
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    refused(Invalid, "not_movable", move, staff, booking, lab, 3, 10, 11)


def test_staff_move_a_member_s_booking_and_the_member_is_told(
    member, staff, machine, lab, django_capture_on_commit_callbacks
):
    booking = book(member, machine, lab, 2, 10, 11)
    Booking.objects.filter(pk=booking.pk).update(
        flagged_at=timezone.now(), flag_reason="Laser tube broken", reminded_at=timezone.now()
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move(staff, booking, lab, 3, 19, 21, override_reason="Only free evening this week")
    booking.refresh_from_db()
    assert booking.flagged_at is None and booking.flag_reason == ""
    assert booking.reminded_at is None  # reminded again before the new time
    assert booking.override_reason == "Only free evening this week"
    notice = Notification.objects.get(recipient=member, kind="booking.moved")
    assert machine.name in notice.title
    assert len(mail.outbox) == 1 and "10:00" in mail.outbox[0].body
    assert "19:00" in mail.outbox[0].body


def test_a_member_moving_their_own_booking_is_not_notified(member, machine, lab):
    booking = book(member, machine, lab, 2, 10, 11)
    move(member, booking, lab, 2, 12, 13)
    assert not Notification.objects.filter(kind="booking.moved").exists()


def test_a_space_booking_moves_within_the_capacity(member, other_member, lab):
    room = SpaceFactory(lab=lab, capacity=2, bookable=True)
    mine = booking_create(actor=member, member=member, space=room, people=2,
                          start=at(lab, 2, 10), end=at(lab, 2, 11))  # fmt: skip
    booking_create(actor=other_member, member=other_member, space=room,
                   start=at(lab, 2, 12), end=at(lab, 2, 13))  # fmt: skip
    refused(Conflict, "space_full", move, member, mine, lab, 2, 12, 13)
    move(member, mine, lab, 2, 10, 12)  # overlapping its own old time is fine
    assert times(mine)[:2] == (at(lab, 2, 10), at(lab, 2, 12))


def test_staff_move_blocks_members_do_not(member, staff, machine, lab):
    block = block_create(actor=staff, machine=machine, start=at(lab, 2, 8), end=at(lab, 2, 12),
                         note="Maintenance")  # fmt: skip
    refused(NotFound, "not_found", move, member, block, lab, 3, 8, 12)
    move(staff, block, lab, 3, 6, 23)  # no member rule: closed hours, any length
    assert times(block) == (at(lab, 3, 6), at(lab, 3, 23), at(lab, 3, 23))
    refused(Conflict, "slot_taken", move, member, book(member, machine, lab, 2, 10, 11), lab, 3,
            10, 11)  # fmt: skip
