"""Bookings charged through the booking engine's signals: at the member's rate with plan hours
and packs first; priced again when moved; cancelled or credited by the refund rule when
cancelled; blocks and unpriced machines never charged; a failure leaves no booking."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from fabdesk.billing import charge_services
from fabdesk.billing.choices import ChargeStatus, LineKind
from fabdesk.billing.models import Charge, Invoice
from fabdesk.billing.wallet_services import wallet_get
from fabdesk.booking.block_services import block_create
from fabdesk.booking.lifecycle import booking_check_in, booking_close, bookings_mark_no_shows
from fabdesk.booking.models import Booking, BookingStatus
from fabdesk.booking.services import booking_cancel, booking_create, booking_move
from fabdesk.booking.tests.conftest import at, open_lab  # noqa: F401 (a fixture)
from fabdesk.core.errors import Invalid
from fabdesk.equipment.tests.factories import MachineFactory, SpaceFactory
from fabdesk.members.tests.factories import MemberGroupFactory, UserFactory

from .factories import MachinePriceFactory, PlanFactory, SpacePriceFactory, SubscriptionFactory
from .integration_setup import charges_of, live_charge, paid, refund_rule

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_lab")]


@pytest.fixture
def priced(machine, default_group):
    """12 €/h for everyone, 8 €/h for the default group (VAT included), per started 15 min."""
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("12"))
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("8"), member_group=default_group)
    return machine


def book(member, machine, start, end, actor=None):
    return booking_create(actor=actor or member, member=member, machine=machine, start=start,
                          end=end)  # fmt: skip


def test_a_booking_is_charged_at_the_member_s_group_rate(lab, member, priced):
    booking = book(member, priced, at(lab, 1, 10), at(lab, 1, 12))
    charge = Charge.objects.get()
    assert charge.source == booking and charge.member == member
    assert (charge.item_type, charge.status) == ("machine_time", ChargeStatus.PENDING)
    assert charge.total_incl_tax == Decimal("16.00")  # 2 h at the group's 8 €/h
    assert charge.performed_on == at(lab, 1, 10).date()
    assert charge.created_by is None  # made by the lab, from the booking


def test_a_member_of_another_group_pays_everyone_s_rate(lab, priced):
    student = UserFactory(lab=lab, member_group=MemberGroupFactory(lab=lab))
    book(student, priced, at(lab, 1, 10), at(lab, 1, 11, 30))
    assert Charge.objects.get().total_incl_tax == Decimal("18.00")


def test_staff_booking_for_a_member_charges_the_member(lab, member, staff, priced):
    book(member, priced, at(lab, 1, 10), at(lab, 1, 11), actor=staff)
    assert Charge.objects.get().member == member


def test_plan_hours_are_used_first(lab, member, priced):
    plan = PlanFactory(lab=lab, included_hours=Decimal("1"))
    SubscriptionFactory(plan=plan, member=member)
    booking = book(member, priced, at(lab, 1, 10), at(lab, 1, 12, 30))
    charge = live_charge(booking)
    assert charge.plan_minutes == 60
    assert charge.total_incl_tax == Decimal("12.00")  # 1 h 30 paid at 8 €/h
    assert [line.kind for line in charge.lines.all()] == [LineKind.PLAN, LineKind.PAID]


def test_a_machine_without_a_price_is_free(lab, member):
    free = MachineFactory(lab=lab, name="Scie")
    booking = book(member, free, at(lab, 1, 10), at(lab, 1, 11))
    assert booking.status == BookingStatus.CONFIRMED
    assert not Charge.objects.exists()


def test_a_block_is_never_charged(lab, staff, priced):
    block_create(actor=staff, machine=priced, start=at(lab, 1, 10), end=at(lab, 1, 12),
                 note="Maintenance")  # fmt: skip
    assert not Charge.objects.exists()


def test_a_failing_charge_leaves_no_booking(lab, member, priced, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the charges table is unavailable")

    monkeypatch.setattr(charge_services, "_charge_record", broken)
    with pytest.raises(RuntimeError):
        book(member, priced, at(lab, 1, 10), at(lab, 1, 11))
    assert not Booking.objects.exists() and not Charge.objects.exists()


def test_a_space_is_charged_per_person_when_its_price_says_so(lab, member):
    room = SpaceFactory(lab=lab, name="Salle", capacity=6, bookable=True)
    SpacePriceFactory(space=room, hourly_rate=Decimal("5"), per_person=True)
    booking = booking_create(actor=member, member=member, space=room, people=3,
                             start=at(lab, 1, 10), end=at(lab, 1, 12))  # fmt: skip
    assert live_charge(booking).total_incl_tax == Decimal("30.00")  # 2 h, 3 people, 5 € each


def test_a_moved_booking_is_priced_again(lab, member, priced):
    booking = book(member, priced, at(lab, 1, 10), at(lab, 1, 11))
    first = live_charge(booking)
    booking_move(actor=member, booking=booking, start=at(lab, 2, 14), end=at(lab, 2, 16, 30))
    first.refresh_from_db()
    assert first.status == ChargeStatus.CANCELLED
    second = live_charge(booking)
    assert second.total_incl_tax == Decimal("20.00")  # 2 h 30 at 8 €/h
    assert second.performed_on == at(lab, 2, 14).date()


def test_a_move_gives_back_the_plan_hours_before_pricing_again(lab, member, priced):
    plan = PlanFactory(lab=lab, included_hours=Decimal("2"))
    SubscriptionFactory(plan=plan, member=member)
    booking = book(member, priced, at(lab, 1, 10), at(lab, 1, 11))
    assert live_charge(booking).status == ChargeStatus.COVERED
    booking_move(actor=member, booking=booking, start=at(lab, 1, 10), end=at(lab, 1, 13))
    charge = live_charge(booking)
    assert (charge.plan_minutes, charge.total_incl_tax) == (120, Decimal("8.00"))


def test_an_invoiced_booking_keeps_its_invoice_when_moved(legal_lab, member, staff, priced):
    lab = legal_lab
    booking = book(member, priced, at(lab, 1, 10), at(lab, 1, 11))
    invoice = paid(lab, staff, live_charge(booking))
    booking_move(actor=member, booking=booking, start=at(lab, 1, 14), end=at(lab, 1, 16))
    assert [c.status for c in charges_of(booking)] == [ChargeStatus.INVOICED]
    assert Invoice.objects.get() == invoice  # no credit note


def test_cancelled_in_time_the_pending_charge_is_cancelled(lab, member, priced):
    booking = book(member, priced, at(lab, 1, 10), at(lab, 1, 11))
    booking_cancel(actor=member, booking=booking)
    assert [c.status for c in charges_of(booking)] == [ChargeStatus.CANCELLED]
    assert not Invoice.objects.exists()


def test_cancelled_in_time_a_paid_booking_is_credited_by_the_refund_rule(
    legal_lab, member, staff, priced
):
    refund_rule(legal_lab, "percentage", "50")
    booking = book(member, priced, at(legal_lab, 1, 10), at(legal_lab, 1, 12))
    invoice = paid(legal_lab, staff, live_charge(booking))
    booking_cancel(actor=member, booking=booking)
    credit = Invoice.objects.get(kind="credit_note")
    assert credit.credited_invoice == invoice
    assert credit.total_incl_tax == Decimal("8.00")  # half of 16 €
    assert wallet_get(lab=legal_lab, member=member).balance == Decimal("8.00")


def test_a_member_cannot_cancel_after_the_deadline(lab, member, priced):
    booking = book(member, priced, at(lab, 1, 10), at(lab, 1, 11))
    soon = timezone.now() + dt.timedelta(hours=1)  # within the 2 hours before the start
    Booking.objects.filter(pk=booking.pk).update(start=soon, end=soon + dt.timedelta(hours=1))
    booking.refresh_from_db()
    with pytest.raises(Invalid):
        booking_cancel(actor=member, booking=booking)
    assert live_charge(booking).status == ChargeStatus.PENDING


def test_staff_may_keep_what_a_late_cancellation_owes(lab, member, staff, priced):
    kept = book(member, priced, at(lab, 1, 10), at(lab, 1, 11))
    refunded = book(member, priced, at(lab, 1, 14), at(lab, 1, 15))
    booking_cancel(actor=staff, booking=kept, refund=False)
    booking_cancel(actor=staff, booking=refunded)
    assert live_charge(kept).status == ChargeStatus.PENDING
    assert live_charge(refunded) is None


def test_a_member_cannot_refuse_their_own_refund(lab, member, priced):
    booking = book(member, priced, at(lab, 1, 10), at(lab, 1, 11))
    booking_cancel(actor=member, booking=booking, refund=False)
    assert live_charge(booking) is None


def test_a_block_over_a_paid_booking_credits_it_in_full(legal_lab, member, staff, priced):
    refund_rule(legal_lab, "none")
    booking = book(member, priced, at(legal_lab, 1, 10), at(legal_lab, 1, 11))
    paid(legal_lab, staff, live_charge(booking))
    block_create(actor=staff, machine=priced, start=at(legal_lab, 1, 9),
                 end=at(legal_lab, 1, 12), note="Panne", cancel_conflicting=True)  # fmt: skip
    credit = Invoice.objects.get(kind="credit_note")
    assert credit.total_incl_tax == Decimal("8.00")  # everything: the lab cancelled


def test_staff_cancelling_a_flagged_booking_credits_it_in_full(legal_lab, member, staff, priced):
    refund_rule(legal_lab, "none")
    booking = book(member, priced, at(legal_lab, 1, 10), at(legal_lab, 1, 11))
    paid(legal_lab, staff, live_charge(booking))
    Booking.objects.filter(pk=booking.pk).update(flagged_at=at(legal_lab, 0, 9))
    booking_cancel(actor=staff, booking=booking)
    assert Invoice.objects.get(kind="credit_note").total_incl_tax == Decimal("8.00")


def test_a_no_show_is_charged_as_booked_and_a_longer_use_is_not_charged_more(
    lab, member, staff, priced
):
    missed = book(member, priced, at(lab, 1, 10), at(lab, 1, 11))
    bookings_mark_no_shows(now=at(lab, 1, 10, 30))
    missed.refresh_from_db()
    assert missed.status == BookingStatus.NO_SHOW
    assert live_charge(missed).total_incl_tax == Decimal("8.00")
    used = book(member, priced, at(lab, 1, 14), at(lab, 1, 15))
    booking_check_in(actor=staff, booking=used, at=at(lab, 1, 14))
    booking_close(actor=staff, booking=used, at=at(lab, 1, 16, 30))
    assert live_charge(used).total_incl_tax == Decimal("8.00")


def test_the_staff_cancel_button_keeps_the_charge_when_refund_is_unticked(
    client, lab, member, staff, priced
):
    booking = book(member, priced, at(lab, 1, 10), at(lab, 1, 11))
    client.force_login(staff)
    response = client.post(f"/bookings/{booking.pk}/cancel/", {"refund": "0"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert live_charge(booking).status == ChargeStatus.PENDING
