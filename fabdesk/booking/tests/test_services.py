"""The booking engine's rules, through the services, against the database."""

import datetime as dt

import pytest
from django.utils import timezone

from fabdesk.booking.models import Booking, BookingRule, BookingStatus
from fabdesk.booking.selectors import availability
from fabdesk.booking.services import booking_cancel, booking_create
from fabdesk.core.errors import Conflict, Forbidden, Invalid, NotFound
from fabdesk.core.models import AuditEntry
from fabdesk.equipment.models import MachineStatus
from fabdesk.equipment.services import machine_set_status
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.members.models import User
from fabdesk.schedule.tests.factories import ClosureFactory
from fabdesk.training.certification_services import certification_grant
from fabdesk.training.tests.factories import TrainingFactory

from .conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_lab")]


def book(member, machine, start, end, actor=None, **kw):
    return booking_create(
        actor=actor or member, machine=machine, member=member, start=start, end=end, **kw
    )


def refused(error, code, call, *args, **kw):
    with pytest.raises(error) as caught:
        call(*args, **kw)
    assert caught.value.code == code, caught.value.message
    return caught.value


def test_a_member_books_a_free_slot(member, machine, lab):
    booking = book(member, machine, at(lab, 1, 10), at(lab, 1, 11))
    assert booking.status == BookingStatus.CONFIRMED and booking.member == member
    assert booking.blocked_until == booking.end and booking.booked_by == member


def test_input_refusals_store_nothing(member, machine, lab):
    start = at(lab, 1, 10)
    naive = start.replace(tzinfo=None)
    refused(Invalid, "naive_datetime", book, member, machine, naive, naive + dt.timedelta(hours=1))
    refused(Invalid, "bad_range", book, member, machine, start, start)
    refused(Invalid, "bad_range", book, member, machine, start, start - dt.timedelta(hours=1))
    refused(Invalid, "misaligned", book, member, machine, at(lab, 1, 10, 10), at(lab, 1, 11))
    refused(Invalid, "in_the_past", book, member, machine, at(lab, -1, 10), at(lab, -1, 11))
    refused(Invalid, "too_far_ahead", book, member, machine, at(lab, 40, 10), at(lab, 40, 11))
    refused(Invalid, "too_long", book, member, machine, at(lab, 1, 8), at(lab, 1, 13))
    refused(Invalid, "outside_opening_hours", book, member, machine, at(lab, 1, 19), at(lab, 1, 21))
    assert not Booking.objects.exists()


def test_rule_limits_per_machine_category_and_lab(member, machine, lab):
    BookingRule.objects.create(lab=lab, min_minutes=60, max_minutes=120)
    BookingRule.objects.create(lab=lab, category=machine.category, slot_minutes=60)
    refused(Invalid, "misaligned", book, member, machine, at(lab, 1, 10, 30), at(lab, 1, 11, 30))
    BookingRule.objects.create(lab=lab, machine=machine, min_minutes=90, notice_minutes=48 * 60)
    refused(Invalid, "too_short", book, member, machine, at(lab, 3, 10), at(lab, 3, 11))
    refused(Invalid, "too_soon", book, member, machine, at(lab, 1, 10), at(lab, 1, 12))


def test_a_closed_day_refuses(member, machine, lab):
    day = at(lab, 2, 10).date()
    ClosureFactory(lab=lab, start_date=day, end_date=day)
    refused(Invalid, "outside_opening_hours", book, member, machine, at(lab, 2, 10), at(lab, 2, 11))


def test_weekly_limit(member, machine, lab):
    BookingRule.objects.create(lab=lab, machine=machine, max_hours_per_week=3, advance_days=60)
    monday = 7 - timezone.localtime(timezone.now(), lab.tzinfo).weekday()  # next Monday
    book(member, machine, at(lab, monday, 10), at(lab, monday, 12))
    error = refused(
        Invalid,
        "weekly_limit",
        book,
        member,
        machine,
        at(lab, monday + 1, 10),
        at(lab, monday + 1, 12),
    )
    assert "3 hours" in str(error.message)
    book(member, machine, at(lab, monday + 1, 10), at(lab, monday + 1, 11))  # exactly 3 h
    book(member, machine, at(lab, monday + 7, 10), at(lab, monday + 7, 12))  # next week


def test_no_overlap_including_the_buffer(member, other_member, machine, lab, staff):
    BookingRule.objects.create(lab=lab, machine=machine, buffer_minutes=30)
    book(member, machine, at(lab, 1, 10), at(lab, 1, 11))
    refused(Conflict, "slot_taken", book, other_member, machine, at(lab, 1, 10, 30), at(lab, 1, 12))
    refused(Conflict, "slot_taken", book, other_member, machine, at(lab, 1, 11), at(lab, 1, 12))
    refused(Conflict, "slot_taken", book, other_member, machine, at(lab, 1, 9), at(lab, 1, 10, 30))
    # staff cannot override an overlap, even with a reason
    refused(
        Conflict, "slot_taken", book, other_member, machine, at(lab, 1, 11), at(lab, 1, 12),
        actor=staff, override_reason="Urgent",
    )  # fmt: skip
    book(other_member, machine, at(lab, 1, 11, 30), at(lab, 1, 12))
    book(other_member, machine, at(lab, 1, 9), at(lab, 1, 9, 30))  # buffer ends at 10:00
    other_machine = MachineFactory(lab=lab)
    book(other_member, other_machine, at(lab, 1, 10), at(lab, 1, 11))


def test_a_cancelled_booking_frees_its_slot(member, other_member, machine, lab):
    booking = book(member, machine, at(lab, 2, 10), at(lab, 2, 11))
    booking_cancel(actor=member, booking=booking)
    book(other_member, machine, at(lab, 2, 10), at(lab, 2, 11))


def test_machine_unavailable(member, machine, lab, staff):
    machine_set_status(actor=staff, machine=machine, status=MachineStatus.OUT_OF_ORDER, reason="x")
    refused(Invalid, "machine_unavailable", book, member, machine, at(lab, 1, 10), at(lab, 1, 11))
    not_bookable = MachineFactory(lab=lab, bookable=False)
    refused(
        Invalid, "machine_unavailable", book, member, not_bookable, at(lab, 1, 10), at(lab, 1, 11)
    )


def test_certification_is_the_one_check(member, machine, lab, staff):
    training = TrainingFactory(lab=lab, title="Laser basics", machines=[machine])
    error = refused(
        Forbidden, "not_certified", book, member, machine, at(lab, 1, 10), at(lab, 1, 11)
    )
    assert "Laser basics" in str(error.message)
    certification_grant(
        actor=staff, member=member, training=training, source="staff", reason="Trained elsewhere"
    )
    book(member, machine, at(lab, 1, 10), at(lab, 1, 11))


def test_a_rule_without_certification_still_refuses_a_suspended_account(member, machine, lab):
    TrainingFactory(lab=lab, machines=[machine])
    BookingRule.objects.create(lab=lab, machine=machine, requires_certification=False)
    book(member, machine, at(lab, 1, 10), at(lab, 1, 11))
    member.status = User.Status.SUSPENDED
    member.save()
    refused(Forbidden, "not_certified", book, member, machine, at(lab, 2, 10), at(lab, 2, 11))


def test_who_books_for_whom(member, other_member, machine, lab, staff):
    refused(Forbidden, "not_your_booking", book, other_member, machine, at(lab, 1, 10),
            at(lab, 1, 11), actor=member)  # fmt: skip
    refused(Forbidden, "staff_only", book, member, machine, at(lab, 1, 19), at(lab, 1, 21),
            override_reason="please")  # fmt: skip
    booking = book(member, machine, at(lab, 1, 10), at(lab, 1, 11), actor=staff)
    assert booking.booked_by == staff and booking.member == member
    assert AuditEntry.objects.filter(action="booking.created").count() == 1


def test_staff_lift_limits_and_certification_only_with_a_reason(member, machine, lab, staff):
    TrainingFactory(lab=lab, machines=[machine])
    refused(Forbidden, "not_certified", book, member, machine, at(lab, 1, 10), at(lab, 1, 11),
            actor=staff)  # fmt: skip
    refused(Invalid, "outside_opening_hours", book, member, machine, at(lab, 1, 19),
            at(lab, 1, 21), actor=staff, override_reason="   ")  # fmt: skip
    booking = book(member, machine, at(lab, 1, 19), at(lab, 1, 21), actor=staff,
                   override_reason="Evening project with the school")  # fmt: skip
    assert booking.override_reason == "Evening project with the school"
    entry = AuditEntry.objects.get(action="booking.created")
    assert entry.reason == "Evening project with the school"


def test_staff_book_outside_opening_hours_when_the_rule_allows(member, staff, machine, lab):
    BookingRule.objects.create(lab=lab, machine=machine, outside_opening_hours_allowed=True)
    refused(Invalid, "outside_opening_hours", book, member, machine, at(lab, 1, 19), at(lab, 1, 21))
    booking = book(staff, machine, at(lab, 1, 19), at(lab, 1, 21))
    assert booking.override_reason == ""


def test_cancellation_rules(member, other_member, machine, lab, staff):
    BookingRule.objects.create(lab=lab, machine=machine, cancel_hours=48)
    soon = book(member, machine, at(lab, 1, 10), at(lab, 1, 11))
    later = book(member, machine, at(lab, 5, 10), at(lab, 5, 11))
    refused(NotFound, "not_found", booking_cancel, actor=other_member, booking=later)
    refused(Invalid, "cancellation_deadline_passed", booking_cancel, actor=member, booking=soon)
    assert booking_cancel(actor=member, booking=later).status == BookingStatus.CANCELLED
    refused(Invalid, "already_cancelled", booking_cancel, actor=member, booking=later)
    cancelled = booking_cancel(actor=staff, booking=soon)
    assert cancelled.status == BookingStatus.CANCELLED and cancelled.cancelled_at is not None


def test_availability_is_opening_hours_minus_bookings(
    member, machine, lab, django_assert_max_num_queries
):
    BookingRule.objects.create(lab=lab, machine=machine, buffer_minutes=15)
    book(member, machine, at(lab, 1, 10), at(lab, 1, 11))
    cancelled = book(member, machine, at(lab, 1, 14), at(lab, 1, 15))
    booking_cancel(actor=member, booking=cancelled)
    with django_assert_max_num_queries(6):
        free = availability(machine=machine, start=at(lab, 1, 0), end=at(lab, 2, 0))
    # A new booking must end 15 min before the 10:00 one (its own buffer): free until 9:45.
    assert free == [(at(lab, 1, 8), at(lab, 1, 9, 45)), (at(lab, 1, 11, 15), at(lab, 1, 20))]
