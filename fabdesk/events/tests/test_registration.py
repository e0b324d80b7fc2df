"""Registering: members at once, visitors after confirming their address, capacity shared
by every ticket, and each refusal leaving nothing changed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from fabdesk.core.errors import Conflict, Forbidden, Invalid, NotFound
from fabdesk.events.links import confirm_link
from fabdesk.events.models import Registration, RegistrationStatus
from fabdesk.events.registration_services import registration_confirm_email, registration_create
from fabdesk.events.seats import seats_left, seats_taken

from .factories import EventFactory, TicketCategoryFactory
from .helpers import visitor_confirmed, visitor_registers

S = RegistrationStatus
pytestmark = pytest.mark.django_db


def test_a_member_registers_in_one_step_and_takes_seats(event, member, member_ticket):
    registration = registration_create(actor=member, event=event, category=member_ticket, seats=2)
    assert registration.status == S.CONFIRMED
    assert registration.member == member and registration.email == "member@example.test"
    assert registration.unit_price == Decimal("5.00") and registration.price == Decimal("10.00")
    assert seats_taken(event) == 2 and seats_left(event) == 8


def test_a_visitor_holds_no_seat_until_the_address_is_confirmed(event, ticket):
    registration = visitor_registers(event, ticket, "Camille@Example.test", seats=3)
    assert registration.status == S.PENDING_CONFIRMATION
    assert registration.email == "camille@example.test"
    assert seats_taken(event) == 0
    confirmed = registration_confirm_email(link=confirm_link(registration))
    assert confirmed.status == S.CONFIRMED and confirmed.email_confirmed_at is not None
    assert seats_taken(event) == 3
    # The link followed again changes nothing.
    again = registration_confirm_email(link=confirm_link(registration))
    assert again.status == S.CONFIRMED and seats_taken(event) == 3


def test_capacity_is_shared_across_tickets_then_the_waitlist(event, ticket, member, member_ticket):
    event.capacity = 5
    event.save()
    visitor_confirmed(event, ticket, "a@example.test", seats=4)
    registration = registration_create(actor=member, event=event, category=member_ticket, seats=2)
    assert registration.status == S.WAITLISTED and registration.waitlisted_at is not None
    last = visitor_confirmed(event, ticket, "b@example.test", seats=1)
    assert last.status == S.CONFIRMED
    assert seats_left(event) == 0
    assert visitor_confirmed(event, ticket, "c@example.test").status == S.WAITLISTED


def test_a_visitor_confirming_after_the_event_filled_joins_the_waitlist(event, ticket):
    event.capacity = 2
    event.save()
    early = visitor_registers(event, ticket, "early@example.test", seats=2)
    visitor_confirmed(event, ticket, "quick@example.test", seats=2)
    late = registration_confirm_email(link=confirm_link(early))
    assert late.status == S.WAITLISTED


def test_pre_validation_holds_the_seats_until_staff_validate(event, ticket, staff):
    from fabdesk.events.registration_services import registration_validate

    event.requires_validation = True
    event.save()
    registration = visitor_confirmed(event, ticket, "v@example.test", seats=2)
    assert registration.status == S.PENDING_VALIDATION
    assert seats_taken(event) == 2
    registration = registration_validate(actor=staff, registration=registration)
    assert registration.status == S.CONFIRMED and registration.validated_by == staff


def test_staff_add_a_visitor_without_confirmation_outside_the_dates(event, ticket, staff):
    event.registration_closes_at = timezone.now() - dt.timedelta(hours=1)
    event.registration_opens_at = timezone.now() - dt.timedelta(days=2)
    event.save()
    registration = registration_create(
        actor=staff, event=event, category=ticket, name="Léa Martin", email="lea@example.test"
    )
    assert registration.status == S.CONFIRMED and registration.added_by == staff


def test_staff_add_a_member(event, ticket, member_ticket, staff, member):
    registration = registration_create(
        actor=staff, event=event, category=member_ticket, member=member
    )
    assert registration.member == member and registration.added_by == staff


def _refused(exc_type, code, fn, *args, **kwargs):
    before = list(Registration.objects.values_list("pk", "status", "seats"))
    with pytest.raises(exc_type) as caught:
        fn(*args, **kwargs)
    assert caught.value.code == code, caught.value.message
    assert str(caught.value.message)
    assert list(Registration.objects.values_list("pk", "status", "seats")) == before
    return caught.value


def test_refused_twice_with_the_same_email(event, ticket, member, member_ticket):
    visitor_confirmed(event, ticket, "twice@example.test")
    _refused(Conflict, "already_registered", visitor_registers, event, ticket, "TWICE@example.test")
    registration_create(actor=member, event=event, category=member_ticket)
    _refused(Conflict, "already_registered", registration_create,
             actor=member, event=event, category=member_ticket)  # fmt: skip


def test_an_unconfirmed_address_also_blocks_a_second_registration(event, ticket):
    visitor_registers(event, ticket, "wait@example.test")
    error = _refused(Conflict, "already_registered", visitor_registers, event, ticket,
                     "wait@example.test")  # fmt: skip
    assert "confirmation" in str(error.message)


def test_an_expired_unconfirmed_registration_frees_the_address(event, ticket):
    old = visitor_registers(event, ticket, "late@example.test")
    Registration.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=49)
    )
    fresh = visitor_registers(event, ticket, "late@example.test")
    old.refresh_from_db()
    assert old.status == S.CANCELLED and fresh.status == S.PENDING_CONFIRMATION


@pytest.mark.parametrize("email", ["pas-une-adresse", "a@", "@example.test", "a b@example.test"])
def test_refused_with_a_malformed_email(event, ticket, email):
    error = _refused(Invalid, "invalid_email", visitor_registers, event, ticket, email)
    assert error.field == "email"


def test_refused_without_a_name(event, ticket):
    _refused(Invalid, "name_missing", visitor_registers, event, ticket, "x@example.test", name=" ")


def test_refused_more_seats_than_the_ticket_allows(event, ticket):
    error = _refused(Invalid, "too_many_seats", visitor_registers, event, ticket,
                     "family@example.test", seats=5)  # fmt: skip
    assert "4" in str(error.message)
    _refused(Invalid, "invalid_seats", visitor_registers, event, ticket, "z@example.test", seats=0)


def test_refused_more_seats_than_the_event_has(event, ticket):
    event.capacity = 3
    event.save()
    _refused(Invalid, "too_many_seats", visitor_registers, event, ticket, "f@example.test", seats=4)


def test_refused_after_closing_before_opening_and_once_started(event, ticket):
    now = timezone.now()
    event.registration_closes_at = now - dt.timedelta(minutes=1)
    event.registration_opens_at = now - dt.timedelta(days=1)
    event.save()
    _refused(Invalid, "registration_closed", visitor_registers, event, ticket, "a@example.test")
    event.registration_opens_at, event.registration_closes_at = now + dt.timedelta(days=1), None
    event.save()
    error = _refused(Invalid, "registration_not_open", visitor_registers, event, ticket,
                     "a@example.test")  # fmt: skip
    assert "opens" in str(error.message)
    event.registration_opens_at = None
    event.starts_at, event.ends_at = now - dt.timedelta(hours=1), now + dt.timedelta(hours=1)
    event.save()
    _refused(Invalid, "event_started", visitor_registers, event, ticket, "a@example.test")


def test_refused_for_a_cancelled_or_draft_event(event, ticket):
    event.status = event.Status.CANCELLED
    event.save()
    _refused(Invalid, "event_cancelled", visitor_registers, event, ticket, "a@example.test")
    event.status = event.Status.DRAFT
    event.save()
    _refused(NotFound, "not_found", visitor_registers, event, ticket, "a@example.test")


def test_the_member_ticket_is_for_members_only(event, member_ticket):
    _refused(Invalid, "members_only", visitor_registers, event, member_ticket, "a@example.test")


def test_a_ticket_off_sale_or_of_another_event_is_refused(event, ticket, lab):
    ticket.is_active = False
    ticket.save()
    _refused(Invalid, "category_unavailable", visitor_registers, event, ticket, "a@example.test")
    other = TicketCategoryFactory(event=EventFactory(lab=lab))
    _refused(Invalid, "bad_category", visitor_registers, event, other, "a@example.test")


def test_a_private_event_needs_its_link_or_an_invitation(event, ticket, member, other_member):
    event.visibility = event.Visibility.PRIVATE
    event.save()
    _refused(NotFound, "not_found", visitor_registers, event, ticket, "a@example.test")
    registration = visitor_registers(
        event, ticket, "a@example.test", access_token=event.secret_token
    )
    assert registration.status == S.PENDING_CONFIRMATION
    _refused(NotFound, "not_found", registration_create,
             actor=member, event=event, category=ticket)  # fmt: skip
    event.invited.add(member)
    assert registration_create(actor=member, event=event, category=ticket).status == S.CONFIRMED


def test_only_staff_register_someone_else(event, ticket, member, other_member):
    _refused(Forbidden, "staff_only", registration_create,
             actor=member, event=event, category=ticket, member=other_member)  # fmt: skip


def test_a_suspended_member_is_refused(event, ticket, member):
    member.status = "suspended"
    member.save()
    _refused(Forbidden, "account_suspended", registration_create,
             actor=member, event=event, category=ticket)  # fmt: skip


def test_a_drop_in_event_takes_no_registration(event, ticket):
    event.registration_enabled = False
    event.save()
    _refused(Invalid, "registration_disabled", visitor_registers, event, ticket, "a@example.test")


def test_the_unique_constraint_backs_the_one_live_registration_rule(event, ticket):
    from django.db import IntegrityError, transaction

    first = visitor_registers(event, ticket, "dup@example.test")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event, name="x", email=first.email, category=ticket, seats=1,
            status=S.CONFIRMED, unit_price=0, price=0,
        )  # fmt: skip
