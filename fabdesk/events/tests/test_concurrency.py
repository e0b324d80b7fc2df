"""The rush for the last seats, on PostgreSQL: ten people confirm at the same instant for
the last three seats; exactly three get a seat, seven join the waitlist, and no seat is
ever sold twice (the event row is locked while seats are counted, ADR 0012)."""

import threading

import pytest
from django.db import connection

from fabdesk.events.links import confirm_link
from fabdesk.events.models import Registration, RegistrationStatus
from fabdesk.events.registration_services import registration_confirm_email, registration_create
from fabdesk.events.seats import seats_taken
from fabdesk.members.tests.factories import UserFactory

from .factories import EventFactory, TicketCategoryFactory
from .helpers import visitor_confirmed, visitor_registers

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database shared between threads"
)


def all_at_once(calls) -> list[str]:
    """Run each call in its own thread (its own connection), all released at the same
    instant; the status each registration ended with (or the error's code)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def attempt(call) -> None:
        barrier.wait()
        try:
            outcomes.append(call().status)
        except Exception as exc:  # reported in the outcome, asserted below
            outcomes.append(getattr(exc, "code", repr(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_visitors_confirming_at_once_for_the_last_three_seats(lab):
    event = EventFactory(lab=lab, capacity=10)
    ticket = TicketCategoryFactory(event=event)
    for n in range(7):
        visitor_confirmed(event, ticket, f"early{n}@example.test")
    pending = [visitor_registers(event, ticket, f"rush{n}@example.test") for n in range(10)]
    outcomes = all_at_once(
        [lambda r=r: registration_confirm_email(link=confirm_link(r)) for r in pending]
    )
    assert outcomes == ["confirmed"] * 3 + ["waitlisted"] * 7
    assert seats_taken(event) == 10
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
    assert waiting.count() == 7


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_members_registering_at_once_for_the_last_three_seats(lab, default_group):
    event = EventFactory(lab=lab, capacity=5)
    ticket = TicketCategoryFactory(event=event, audience="member", max_seats=1)
    for _n in range(2):
        registration_create(
            actor=UserFactory(lab=lab, member_group=default_group), event=event, category=ticket
        )
    members = [UserFactory(lab=lab, member_group=default_group) for _ in range(10)]
    outcomes = all_at_once(
        [lambda m=m: registration_create(actor=m, event=event, category=ticket) for m in members]
    )
    assert outcomes == ["confirmed"] * 3 + ["waitlisted"] * 7
    assert seats_taken(event) == 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_address_twice_at_once_gives_one_registration(lab):
    event = EventFactory(lab=lab, capacity=10)
    ticket = TicketCategoryFactory(event=event)
    outcomes = all_at_once(
        [lambda: visitor_registers(event, ticket, "twice@example.test") for _ in range(5)]
    )
    assert outcomes == ["already_registered"] * 4 + ["pending_confirmation"]
