"""The Monday-morning rush on PostgreSQL: ten members book the same slot at the same moment,
exactly one gets it; ten book a room for three, exactly three get it; two moves into the same
free slot, one wins; and the exclusion constraint alone refuses an overlapping row."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from fabdesk.booking.models import Booking
from fabdesk.booking.services import booking_create, booking_move
from fabdesk.core.errors import Conflict
from fabdesk.equipment.tests.factories import SpaceFactory
from fabdesk.members.tests.factories import UserFactory

from .conftest import at

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a server database shared between threads"
    ),
    pytest.mark.usefixtures("open_lab"),
]


def all_at_once(calls) -> list[str]:
    """Run each call in its own thread (its own connection), all released at the same
    instant; "done" or the Conflict's code for each."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def attempt(call) -> None:
        barrier.wait()
        try:
            call()
            outcomes.append("done")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def booker(member, start, end, **resource):
    return lambda: booking_create(actor=member, member=member, start=start, end=end, **resource)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_simultaneous_bookings_of_one_slot_give_one_booking(lab, default_group, machine):
    members = [UserFactory(lab=lab, member_group=default_group) for _ in range(10)]
    start, end = at(lab, 1, 10), at(lab, 1, 11)
    outcomes = all_at_once([booker(m, start, end, machine=machine) for m in members])
    assert outcomes == ["done"] + ["slot_taken"] * 9
    assert Booking.objects.filter(machine=machine).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_simultaneous_bookings_of_a_room_for_three_give_three(lab, default_group):
    room = SpaceFactory(lab=lab, capacity=3, bookable=True)
    members = [UserFactory(lab=lab, member_group=default_group) for _ in range(10)]
    start, end = at(lab, 1, 10), at(lab, 1, 11)
    outcomes = all_at_once([booker(m, start, end, space=room) for m in members])
    assert outcomes == ["done"] * 3 + ["space_full"] * 7
    assert Booking.objects.filter(space=room).count() == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_moves_into_one_free_slot_one_wins(lab, default_group, machine):
    first, second = (UserFactory(lab=lab, member_group=default_group) for _ in range(2))
    bookings = [
        booker(first, at(lab, 2, 9), at(lab, 2, 10), machine=machine)(),
        booker(second, at(lab, 2, 15), at(lab, 2, 16), machine=machine)(),
    ]
    start, end = at(lab, 2, 12), at(lab, 2, 13)
    outcomes = all_at_once([
        lambda b=b: booking_move(actor=b.member, booking=b, start=start, end=end)
        for b in bookings
    ])  # fmt: skip
    assert outcomes == ["done", "slot_taken"]
    assert Booking.objects.filter(machine=machine, start=start).count() == 1
    assert Booking.objects.filter(machine=machine).count() == 2


@pytest.mark.django_db
def test_the_exclusion_constraint_alone_refuses_an_overlap(lab, member, machine):
    start = at(lab, 1, 10)
    row = dict(lab=lab, machine=machine, member=member, start=start)
    Booking.objects.create(**row, end=start + dt.timedelta(hours=1),
                           blocked_until=start + dt.timedelta(hours=1, minutes=30))  # fmt: skip
    later = start + dt.timedelta(minutes=80)  # inside the buffer
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(**{**row, "start": later}, end=later + dt.timedelta(hours=1),
                               blocked_until=later + dt.timedelta(hours=1))  # fmt: skip
    Booking.objects.create(**{**row, "start": later, "status": "cancelled"},
                           end=later + dt.timedelta(hours=1),
                           blocked_until=later + dt.timedelta(hours=1))  # fmt: skip
    assert Booking.objects.count() == 2
