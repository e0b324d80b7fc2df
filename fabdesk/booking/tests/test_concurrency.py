"""The Monday-morning rush on PostgreSQL: ten members book the same slot at the same moment,
exactly one gets it; and the exclusion constraint alone refuses an overlapping row."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from fabdesk.booking.models import Booking
from fabdesk.booking.services import booking_create
from fabdesk.core.errors import Conflict
from fabdesk.members.tests.factories import UserFactory

from .conftest import at

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a server database shared between threads"
    ),
    pytest.mark.usefixtures("open_lab"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_simultaneous_bookings_of_one_slot_give_one_booking(lab, default_group, machine):
    members = [UserFactory(lab=lab, member_group=default_group) for _ in range(10)]
    start, end = at(lab, 1, 10), at(lab, 1, 11)
    barrier = threading.Barrier(len(members))
    outcomes: list[str] = []

    def attempt(member) -> None:
        barrier.wait()
        try:
            booking_create(actor=member, machine=machine, member=member, start=start, end=end)
            outcomes.append("booked")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked"] + ["slot_taken"] * 9
    assert Booking.objects.filter(machine=machine).count() == 1


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
