"""Blocks: staff close a machine or a whole space for a while (maintenance, private use)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from fabdesk.booking.block_services import block_create
from fabdesk.booking.lifecycle import (
    booking_check_in,
    bookings_mark_no_shows,
    bookings_send_reminders,
)
from fabdesk.booking.models import Booking, BookingKind, BookingStatus
from fabdesk.booking.services import booking_cancel, booking_create
from fabdesk.core.errors import Conflict, Forbidden, Invalid, NotFound
from fabdesk.core.models import AuditEntry
from fabdesk.equipment.models import MachineStatus
from fabdesk.equipment.services import machine_set_status
from fabdesk.equipment.tests.factories import MachineFactory, SpaceFactory
from fabdesk.members.tests.factories import UserFactory
from fabdesk.notifications.models import Notification

from .conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_lab")]


def block(actor, lab, days, start, end, note="Maintenance : changement de buse", **kw):
    return block_create(actor=actor, start=at(lab, days, start), end=at(lab, days, end),
                        note=note, **kw)  # fmt: skip


def book(member, lab, days, start, end, actor=None, **kw):
    return booking_create(actor=actor or member, member=member, start=at(lab, days, start),
                          end=at(lab, days, end), **kw)  # fmt: skip


def refused(error, code, call, *args, **kw):
    with pytest.raises(error) as caught:
        call(*args, **kw)
    assert caught.value.code == code, caught.value.message
    return caught.value


def test_staff_block_a_machine_at_any_time_and_nobody_books_over_it(staff, member, machine, lab):
    made = block(staff, lab, 1, 6, 22, machine=machine)  # outside opening hours, 16 hours
    assert made.kind == BookingKind.BLOCK and made.is_block and made.member == staff
    assert made.note == "Maintenance : changement de buse" and made.people == 1
    assert made.blocked_until == made.end
    refused(Conflict, "slot_taken", book, member, lab, 1, 10, 11, machine=machine)
    refused(Conflict, "slot_taken", book, member, lab, 1, 10, 11, machine=machine, actor=staff,
            override_reason="Urgent")  # fmt: skip
    assert AuditEntry.objects.get(action="booking.blocked").reason == made.note
    booking_cancel(actor=staff, booking=made)  # the block ends early
    book(member, lab, 1, 10, 11, machine=machine)


def test_a_space_block_takes_the_whole_capacity(staff, member, lab):
    room = SpaceFactory(lab=lab, capacity=8, bookable=True)
    made = block(staff, lab, 1, 10, 12, note="Private event", space=room)
    assert made.people == 8 and made.space == room
    refused(Conflict, "space_full", book, member, lab, 1, 11, 12, space=room)


def test_refusals_store_nothing(staff, member, machine, lab):
    refused(Forbidden, "staff_only", block, member, lab, 1, 10, 12, machine=machine)
    refused(Invalid, "note_required", block, staff, lab, 1, 10, 12, note="  ", machine=machine)
    refused(Invalid, "in_the_past", block, staff, lab, -1, 10, 12, machine=machine)
    refused(Invalid, "bad_range", block, staff, lab, 1, 12, 10, machine=machine)
    refused(Invalid, "machine_or_space", block, staff, lab, 1, 10, 12)
    refused(NotFound, "not_found", block, staff, lab, 1, 10, 12, machine=MachineFactory())
    assert not Booking.objects.exists()


def test_bookings_in_the_way_are_named_and_nothing_is_cancelled(
    staff, member, other_member, machine, lab
):
    member.first_name, member.last_name = "Ada", "Lovelace"
    member.save()
    book(member, lab, 1, 10, 11, machine=machine)
    book(other_member, lab, 1, 14, 15, machine=machine)
    error = refused(Conflict, "block_conflicts", block, staff, lab, 1, 8, 20, machine=machine)
    assert "2 bookings" in error.message and "Ada Lovelace" in error.message
    assert "10:00" in error.message
    assert Booking.objects.filter(status=BookingStatus.CONFIRMED).count() == 2
    assert not Booking.objects.filter(kind=BookingKind.BLOCK).exists()


def test_cancel_conflicting_cancels_them_and_tells_their_members(
    staff, member, other_member, machine, lab, django_capture_on_commit_callbacks
):
    first = book(member, lab, 1, 10, 11, machine=machine)
    second = book(other_member, lab, 1, 14, 15, machine=machine)
    kept = book(member, lab, 2, 10, 11, machine=machine)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        made = block(staff, lab, 1, 8, 20, machine=machine, cancel_conflicting=True)
    for booking in (first, second, kept):
        booking.refresh_from_db()
    assert first.status == second.status == BookingStatus.CANCELLED
    assert first.cancelled_at is not None and kept.status == BookingStatus.CONFIRMED
    assert made.pk and Notification.objects.filter(kind="booking.cancelled").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, other_member.email])
    assert all("changement de buse" in m.body for m in mail.outbox)
    cancelled = AuditEntry.objects.filter(action="booking.cancelled")
    assert {e.target_id for e in cancelled} == {str(first.pk), str(second.pk)}


def test_a_block_in_the_way_is_never_cancelled_by_another(staff, machine, lab):
    block(staff, lab, 1, 10, 12, note="Private use", machine=machine)
    error = refused(Conflict, "block_conflicts", block, staff, lab, 1, 11, 13, machine=machine,
                    cancel_conflicting=True)  # fmt: skip
    assert "Private use" in error.message
    assert Booking.objects.filter(status=BookingStatus.CONFIRMED).count() == 1


def test_many_bookings_in_the_way_are_counted(staff, lab, default_group):
    room = SpaceFactory(lab=lab, capacity=10, bookable=True)
    for hour in range(8, 14):
        member = UserFactory(lab=lab, member_group=default_group)
        book(member, lab, 1, hour, hour + 1, space=room)
    error = refused(Conflict, "block_conflicts", block, staff, lab, 1, 8, 20, space=room)
    assert "6 bookings" in error.message and "3 more" in error.message


def test_a_block_under_way_may_have_started(staff, machine):
    now = timezone.now().replace(second=0, microsecond=0)
    hour = dt.timedelta(hours=1)
    made = block_create(actor=staff, machine=machine, start=now - hour, end=now + hour,
                        note="Jammed: waiting for a part")  # fmt: skip
    assert made.start < now < made.end


def test_blocks_have_no_life_of_their_own(staff, machine, lab):
    """Never checked in, reminded, counted as no-shows, nor flagged when the machine breaks."""
    made = block(staff, lab, 1, 0, 23, machine=machine)  # then stretched over today
    Booking.objects.filter(pk=made.pk).update(start=at(lab, -1, 10), end=at(lab, 2, 10),
                                              blocked_until=at(lab, 2, 10))  # fmt: skip
    late = at(lab, 1, 12)
    refused(Invalid, "is_block", booking_check_in, actor=staff, booking=made, at=at(lab, 1, 9))
    assert bookings_mark_no_shows(now=late) == []
    assert bookings_send_reminders(now=at(lab, -2, 10)) == []
    machine_set_status(actor=staff, machine=machine, status=MachineStatus.OUT_OF_ORDER,
                       reason="Broken")  # fmt: skip
    made.refresh_from_db()
    assert made.status == BookingStatus.CONFIRMED and made.flagged_at is None
    assert made.reminded_at is None
