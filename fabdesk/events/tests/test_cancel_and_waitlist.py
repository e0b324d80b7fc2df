"""Cancelling (the attendee until the deadline, through the mailed link; staff any time),
the waitlist's order and its automatic promotion, moving and cancelling events."""

import datetime as dt

import pytest
from django.core import signing
from django.utils import timezone

from fabdesk.core.errors import Conflict, Invalid, NotFound
from fabdesk.events.links import manage_link
from fabdesk.events.models import Registration, RegistrationStatus
from fabdesk.events.registration_services import (
    registration_cancel,
    registration_create,
    registration_move,
)
from fabdesk.events.seats import seats_taken
from fabdesk.events.services import event_cancel, event_update
from fabdesk.events.waitlist import waitlist_position

from .factories import EventFactory, TicketCategoryFactory
from .helpers import visitor_confirmed

S = RegistrationStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def full_event(event, ticket):
    """3 seats: two taken by A (2 seats) and B (1); then C (2 seats), D (1), E (1) wait."""
    event.capacity = 3
    event.save()
    people = {
        "A": visitor_confirmed(event, ticket, "a@example.test", seats=2),
        "B": visitor_confirmed(event, ticket, "b@example.test", seats=1),
        "C": visitor_confirmed(event, ticket, "c@example.test", seats=2),
        "D": visitor_confirmed(event, ticket, "d@example.test", seats=1),
        "E": visitor_confirmed(event, ticket, "e@example.test", seats=1),
    }
    return event, people


def _status(registration):
    registration.refresh_from_db()
    return registration.status


def test_the_waitlist_keeps_the_order_of_arrival(full_event):
    _event, people = full_event
    assert [waitlist_position(people[key]) for key in "CDE"] == [1, 2, 3]
    assert waitlist_position(people["A"]) is None


def test_a_freed_seat_goes_to_the_first_whose_seats_fit(full_event):
    event, people = full_event
    registration_cancel(link=manage_link(people["B"]))  # frees 1 seat: C needs 2, D gets it
    assert [_status(people[key]) for key in "CDE"] == [S.WAITLISTED, S.CONFIRMED, S.WAITLISTED]
    registration_cancel(link=manage_link(people["A"]))  # frees 2: C first
    assert [_status(people[key]) for key in "CE"] == [S.CONFIRMED, S.WAITLISTED]
    assert seats_taken(event) == 3


def test_more_capacity_promotes_the_waitlist(full_event, staff):
    event, people = full_event
    event_update(actor=staff, event=event, capacity=6)
    assert [_status(people[key]) for key in "CDE"] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]


def test_capacity_below_the_seats_taken_is_refused(full_event, staff):
    event, _people = full_event
    with pytest.raises(Invalid) as caught:
        event_update(actor=staff, event=event, capacity=2)
    assert caught.value.code == "capacity_below_taken"
    event.refresh_from_db()
    assert event.capacity == 3


def test_cancelling_after_the_deadline_is_refused_and_changes_nothing(event, ticket):
    registration = visitor_confirmed(event, ticket, "late@example.test")
    event.starts_at = timezone.now() + dt.timedelta(hours=10)
    event.ends_at = event.starts_at + dt.timedelta(hours=2)
    event.save()  # deadline 24 hours before: passed
    with pytest.raises(Invalid) as caught:
        registration_cancel(link=manage_link(registration))
    assert caught.value.code == "deadline_passed"
    assert _status(registration) == S.CONFIRMED


def test_staff_cancel_after_the_deadline(event, ticket, staff):
    registration = visitor_confirmed(event, ticket, "late@example.test")
    event.starts_at = timezone.now() + dt.timedelta(hours=1)
    event.ends_at = event.starts_at + dt.timedelta(hours=2)
    event.save()
    registration_cancel(actor=staff, registration=registration, reason="Malade")
    registration.refresh_from_db()
    assert registration.status == S.CANCELLED and registration.cancelled_by == staff


@pytest.mark.parametrize("tamper", ["cut", "changed", "other_salt"])
def test_a_tampered_link_is_refused_and_changes_nothing(event, ticket, tamper):
    registration = visitor_confirmed(event, ticket, "t@example.test")
    link = manage_link(registration)
    bad = {
        "cut": link[:-3],
        "changed": link[:5] + ("x" if link[5] != "x" else "y") + link[6:],
        "other_salt": signing.dumps(registration.token, salt="something.else"),
    }[tamper]
    with pytest.raises(Invalid) as caught:
        registration_cancel(link=bad)
    assert caught.value.code == "bad_link"
    assert _status(registration) == S.CONFIRMED


def test_someone_else_cannot_cancel_without_the_link(event, ticket, member, other_member):
    registration = registration_create(actor=member, event=event, category=ticket)
    with pytest.raises(NotFound):
        registration_cancel(actor=other_member, registration=registration)
    registration_cancel(actor=member, registration=registration)
    assert _status(registration) == S.CANCELLED
    with pytest.raises(Conflict):
        registration_cancel(actor=member, registration=registration)


def test_the_waitlist_may_be_left_until_the_start(event, ticket):
    event.capacity = 1
    event.save()
    visitor_confirmed(event, ticket, "in@example.test")
    waiting = visitor_confirmed(event, ticket, "wait@example.test")
    event.starts_at = timezone.now() + dt.timedelta(hours=2)
    event.ends_at = event.starts_at + dt.timedelta(hours=2)
    event.save()
    registration_cancel(link=manage_link(waiting))
    assert _status(waiting) == S.CANCELLED


def test_cancelling_the_event_cancels_every_registration(full_event, staff):
    event, _people = full_event
    assert event_cancel(actor=staff, event=event, reason="Intervenant malade") == 5
    assert set(Registration.objects.filter(event=event).values_list("status", flat=True)) == {
        S.CANCELLED
    }
    event.refresh_from_db()
    assert event.is_cancelled and event.cancel_reason == "Intervenant malade"
    with pytest.raises(Invalid):
        event_cancel(actor=staff, event=event, reason="")


def test_staff_move_someone_to_another_date(full_event, staff, lab):
    _event, people = full_event
    other = EventFactory(lab=lab, title="Atelier découverte (bis)")
    TicketCategoryFactory(event=other)
    moved = registration_move(actor=staff, registration=people["A"], to_event=other)
    assert moved.event == other and moved.status == S.CONFIRMED and moved.seats == 2
    assert _status(people["A"]) == S.CANCELLED
    assert _status(people["C"]) == S.CONFIRMED  # A's two seats went to C
