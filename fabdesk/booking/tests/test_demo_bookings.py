"""The demo lab's bookings: rules, past and upcoming bookings within the opening hours, for
certified members, never overlapping on a machine nor overfilling the meeting room; one
maintenance block; a second run adds nothing."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from fabdesk.booking.models import Booking, BookingKind, BookingRule, BookingStatus
from fabdesk.booking.rules import rule_for
from fabdesk.booking.selectors import occupancy
from fabdesk.core.models import Lab
from fabdesk.equipment.models import MachineCategory
from fabdesk.schedule.selectors import is_open_between

pytestmark = pytest.mark.django_db


def test_demo_books_the_lab_within_its_rules_and_opening_hours():
    call_command("demo", stdout=StringIO())
    lab = Lab.objects.get(slug="demo")
    assert BookingRule.objects.filter(lab=lab, machine=None, category=None).exists()
    laser = BookingRule.objects.get(lab=lab, category__kind=MachineCategory.Kind.LASER_CUTTER)
    assert (laser.slot_minutes, laser.max_minutes, laser.buffer_minutes) == (15, 120, 15)
    printer = BookingRule.objects.get(lab=lab, category__kind=MachineCategory.Kind.FDM_PRINTER)
    assert (printer.slot_minutes, printer.max_minutes) == (30, 240)

    block = Booking.objects.get(lab=lab, kind=BookingKind.BLOCK)
    assert block.note == "Maintenance : changement de buse" and block.machine is not None
    room = BookingRule.objects.get(lab=lab, space__slug="salle-de-reunion").space
    in_room = Booking.objects.filter(space=room).exclude(status=BookingStatus.CANCELLED)
    assert in_room.filter(people__gt=1).count() >= 3
    assert all(n <= room.capacity for *_, n in
               occupancy(in_room.values_list("start", "blocked_until", "people")))  # fmt: skip

    bookings = Booking.objects.filter(lab=lab, kind=BookingKind.BOOKING).select_related(
        "machine", "space", "member"
    )
    now = timezone.now()
    past, upcoming = bookings.filter(start__lt=now), bookings.filter(start__gte=now)
    assert past.count() >= 10 and upcoming.count() >= 5
    assert past.filter(status=BookingStatus.NO_SHOW).exists()
    assert past.filter(status=BookingStatus.COMPLETED).exists()
    assert not upcoming.exclude(status=BookingStatus.CONFIRMED).exists()
    active = list(Booking.objects.filter(lab=lab, space=None).exclude(status="cancelled"))
    for booking in bookings:
        assert is_open_between(lab=lab, start=booking.start, end=booking.end), booking
        assert booking.end - booking.start <= dt.timedelta(
            minutes=rule_for(booking.resource).max_minutes
        )
    for booking in active:
        assert not any(
            other.pk != booking.pk and other.machine_id == booking.machine_id
            and other.start < booking.blocked_until and other.blocked_until > booking.start
            for other in active
        )  # fmt: skip

    counts = (Booking.objects.count(), BookingRule.objects.count())
    call_command("demo", stdout=StringIO())
    assert (Booking.objects.count(), BookingRule.objects.count()) == counts
