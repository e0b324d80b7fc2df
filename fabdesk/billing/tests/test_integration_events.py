"""Event registrations charged through the registration signals: confirmed seats at the price
stored on the registration (to the member, or to the visitor by name and email), also after
the address, the staff's validation or the waitlist; nothing for free tickets or waiting
registrations; given up in time, cancelled or credited by the refund rule; the event
cancelled or the person moved by the lab, credited in full."""

import datetime as dt
from decimal import Decimal

import pytest

from fabdesk.billing import charge_services
from fabdesk.billing.choices import ChargeStatus
from fabdesk.billing.models import Charge, Invoice
from fabdesk.events.models import Registration, RegistrationStatus
from fabdesk.events.registration_services import (
    registration_cancel,
    registration_create,
    registration_move,
    registration_validate,
)
from fabdesk.events.services import event_cancel
from fabdesk.events.tests.factories import EventFactory, TicketCategoryFactory
from fabdesk.events.tests.helpers import visitor_confirmed, visitor_registers

from .integration_setup import live_charge, paid, refund_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(lab):
    return EventFactory(lab=lab, title="Atelier Arduino", capacity=2)


@pytest.fixture
def ticket(event):
    return TicketCategoryFactory(event=event, price=Decimal("12.50"), max_seats=2)


@pytest.fixture
def member_ticket(event):
    return TicketCategoryFactory(event=event, name="Adhérent", audience="member",
                                 price=Decimal("5.00"), max_seats=2)  # fmt: skip


def register(member, category, seats=1, event=None):
    return registration_create(actor=member, event=event or category.event, category=category,
                               seats=seats)  # fmt: skip


def test_a_member_s_seats_are_charged(member, member_ticket):
    registration = register(member, member_ticket, seats=2)
    charge = Charge.objects.get()
    assert charge.source == registration and charge.member == member
    assert (charge.item_type, charge.total_incl_tax) == ("event", Decimal("10.00"))
    assert charge.quantity == 2


def test_a_visitor_is_charged_by_name_once_their_address_is_confirmed(event, ticket):
    waiting = visitor_registers(event, ticket, "camille@example.test")
    assert waiting.status == RegistrationStatus.PENDING_CONFIRMATION
    assert not Charge.objects.exists()
    registration = visitor_confirmed(event, ticket, "dominique@example.test", seats=2)
    charge = live_charge(registration)
    assert charge.member is None and charge.customer_name == "Camille Visiteuse"
    assert charge.customer_email == "dominique@example.test"
    assert charge.total_incl_tax == Decimal("25.00")


def test_a_free_ticket_is_not_charged(member, event):
    free = TicketCategoryFactory(event=event, name="Gratuit", audience="member", price=0)
    register(member, free)
    assert not Charge.objects.exists()


def test_seats_waiting_for_validation_are_charged_when_validated(lab, member, staff, event,
                                                                 member_ticket):  # fmt: skip
    event.requires_validation = True
    event.save()
    registration = register(member, member_ticket)
    assert registration.status == RegistrationStatus.PENDING_VALIDATION
    assert not Charge.objects.exists()
    registration_validate(actor=staff, registration=registration)
    assert live_charge(registration).total_incl_tax == Decimal("5.00")


def test_seats_from_the_waitlist_are_charged(member, other_member, event, member_ticket):
    first = register(other_member, member_ticket, seats=2)
    waiting = register(member, member_ticket)
    assert waiting.status == RegistrationStatus.WAITLISTED and live_charge(waiting) is None
    registration_cancel(actor=other_member, registration=first)
    assert live_charge(first) is None
    assert live_charge(waiting).total_incl_tax == Decimal("5.00")


def test_a_failing_charge_leaves_no_registration(member, member_ticket, monkeypatch):
    monkeypatch.setattr(charge_services, "_charge_record", lambda **kw: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        register(member, member_ticket)
    assert not Registration.objects.exists() and not Charge.objects.exists()


def test_given_up_in_time_a_paid_registration_is_credited_by_the_rule(
    legal_lab, member, staff, member_ticket
):
    refund_rule(legal_lab, "full")
    registration = register(member, member_ticket, seats=2)
    paid(legal_lab, staff, live_charge(registration))
    registration_cancel(actor=member, registration=registration)
    assert Invoice.objects.get(kind="credit_note").total_incl_tax == Decimal("10.00")


def test_an_event_cancelled_by_the_lab_refunds_a_visitor_in_full_by_card(
    legal_lab, staff, event, ticket
):
    refund_rule(legal_lab, "none")
    registration = visitor_confirmed(event, ticket, "camille@example.test")
    paid(legal_lab, staff, live_charge(registration), method="card")
    event_cancel(actor=staff, event=event, reason="Intervenant absent")
    credit = Invoice.objects.get(kind="credit_note")
    assert credit.total_incl_tax == Decimal("12.50")
    assert [p.method for p in credit.payments.all()] == ["card"]  # no wallet for a visitor


def test_a_person_moved_to_another_date_is_charged_there(lab, member, staff, event,
                                                        member_ticket):  # fmt: skip
    later = EventFactory(lab=lab, title="Atelier Arduino (bis)",
                         starts_at=event.starts_at + dt.timedelta(days=7))  # fmt: skip
    TicketCategoryFactory(event=later, name="Adhérent", audience="member", price=Decimal("6"))
    registration = register(member, member_ticket)
    moved = registration_move(actor=staff, registration=registration, to_event=later)
    assert [c.status for c in Charge.objects.filter(source_id=registration.pk)] == [
        ChargeStatus.CANCELLED
    ]
    assert live_charge(moved).total_incl_tax == Decimal("6.00")
