"""Training seats charged through the enrolment signals: the price stored on the enrolment
(the member group's), at enrolment or when promoted from the waitlist; nothing for a place on
the waitlist or a free training; a seat given up is cancelled or credited by the refund rule,
in full when the lab cancels the session."""

from decimal import Decimal

import pytest

from fabdesk.billing import charge_services
from fabdesk.billing.choices import ChargeStatus
from fabdesk.billing.models import Charge, Invoice
from fabdesk.billing.wallet_services import wallet_get
from fabdesk.members.tests.factories import MemberGroupFactory, UserFactory
from fabdesk.training.enrolment_services import enrolment_cancel, enrolment_create
from fabdesk.training.models import Enrolment, TrainingPrice
from fabdesk.training.session_services import session_cancel
from fabdesk.training.tests.factories import TrainingFactory, TrainingSessionFactory

from .integration_setup import live_charge, paid, refund_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(lab, default_group):
    training = TrainingFactory(lab=lab, title="Découpe laser", max_participants=1)
    TrainingPrice.objects.create(training=training, member_group=default_group, amount=35)
    return TrainingSessionFactory(training=training)


def test_a_seat_is_charged_the_member_group_s_price(lab, member, session):
    enrolment = enrolment_create(actor=member, session=session, member=member)
    charge = Charge.objects.get()
    assert charge.source == enrolment and charge.member == member
    assert (charge.item_type, charge.total_incl_tax) == ("training", Decimal("35.00"))
    assert charge.description.startswith("Training: Découpe laser")


def test_a_free_training_and_a_waitlist_place_are_not_charged(lab, member, other_member, session):
    no_price = UserFactory(lab=lab, member_group=MemberGroupFactory(lab=lab))
    enrolment_create(actor=no_price, session=session, member=no_price)  # takes the only seat
    waiting = enrolment_create(actor=member, session=session, member=member)
    assert waiting.status == Enrolment.Status.WAITLISTED
    assert not Charge.objects.exists()


def test_promoted_from_the_waitlist_the_seat_is_charged(lab, member, other_member, session):
    first = enrolment_create(actor=other_member, session=session, member=other_member)
    waiting = enrolment_create(actor=member, session=session, member=member)
    enrolment_cancel(actor=other_member, enrolment=first)  # in time: cancelled, seat freed
    assert live_charge(first) is None
    charge = live_charge(waiting)
    assert charge.member == member and charge.total_incl_tax == Decimal("35.00")


def test_a_failing_charge_leaves_no_enrolment(member, session, monkeypatch):
    monkeypatch.setattr(charge_services, "_charge_record", lambda **kw: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        enrolment_create(actor=member, session=session, member=member)
    assert not Enrolment.objects.exists() and not Charge.objects.exists()


def test_a_paid_seat_given_up_in_time_is_credited_by_the_rule(legal_lab, member, staff, session):
    refund_rule(legal_lab, "percentage", "80")
    enrolment = enrolment_create(actor=member, session=session, member=member)
    paid(legal_lab, staff, live_charge(enrolment), method="cash")
    enrolment_cancel(actor=member, enrolment=enrolment)
    assert Invoice.objects.get(kind="credit_note").total_incl_tax == Decimal("28.00")
    assert wallet_get(lab=legal_lab, member=member).balance == Decimal("28.00")


def test_a_session_cancelled_by_the_lab_is_credited_in_full(legal_lab, member, staff, session):
    refund_rule(legal_lab, "none")
    enrolment = enrolment_create(actor=member, session=session, member=member)
    paid(legal_lab, staff, live_charge(enrolment))
    session_cancel(actor=staff, session=session, reason="Formateur malade")
    assert Invoice.objects.get(kind="credit_note").total_incl_tax == Decimal("35.00")
    assert [c.status for c in Charge.objects.all()] == [ChargeStatus.INVOICED]
