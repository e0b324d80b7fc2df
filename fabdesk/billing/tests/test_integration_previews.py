"""The price shown before confirming is the price charged: the booking forms (a slot, typed
times, a move), a training session, an event's registration form and a print quote show it,
and htmx refreshes it as the form changes. Property: for any duration, group rate, rounding
and plan hours, the preview's total is the total of the charge the booking then gets."""

import datetime as dt
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fabdesk.billing.choices import ChargeStatus, RoundingMode
from fabdesk.billing.integrations.booking import booking_preview
from fabdesk.billing.models import PlanUsage
from fabdesk.booking.services import booking_create
from fabdesk.booking.tests.conftest import at, open_lab  # noqa: F401 (a fixture)
from fabdesk.core.money import money_format
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.events.tests.factories import EventFactory, TicketCategoryFactory
from fabdesk.members.tests.factories import MemberGroupFactory, UserFactory
from fabdesk.training.models import TrainingPrice
from fabdesk.training.tests.factories import TrainingFactory, TrainingSessionFactory

from .factories import MachinePriceFactory, PlanFactory, SubscriptionFactory
from .integration_setup import live_charge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_lab")]


def euros(amount: str) -> str:
    return money_format(Decimal(amount), "EUR")


@pytest.fixture
def priced(machine, default_group):
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("12"))
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("8"), member_group=default_group)
    return machine


class Rollback(Exception):
    """Leaves an example's rows behind nothing (each example in its own savepoint)."""


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    slots=st.integers(min_value=1, max_value=8),  # 30 min each, the default rule's step
    group_rate=st.decimals(min_value=0, max_value=60, places=2),
    everyone_rate=st.decimals(min_value=0, max_value=60, places=2),
    in_group=st.booleans(),
    step=st.sampled_from([1, 15, 30, 60]),
    mode=st.sampled_from(list(RoundingMode)),
    minimum=st.decimals(min_value=0, max_value=20, places=2),
    plan_hours=st.sampled_from([None, Decimal("0.5"), Decimal("1"), Decimal("3")]),
)
def test_the_preview_is_what_the_booking_is_charged(
    lab, machine, default_group, slots, group_rate, everyone_rate, in_group, step, mode,
    minimum, plan_hours,
):  # fmt: skip
    try:
        with transaction.atomic():
            rounding = {"rounding_minutes": step, "rounding_mode": mode, "minimum_charge": minimum}
            MachinePriceFactory(machine=machine, hourly_rate=everyone_rate, **rounding)
            MachinePriceFactory(machine=machine, hourly_rate=group_rate,
                                member_group=default_group, **rounding)  # fmt: skip
            group = default_group if in_group else MemberGroupFactory(lab=lab)
            member = UserFactory(lab=lab, member_group=group)
            if plan_hours is not None:
                SubscriptionFactory(plan=PlanFactory(lab=lab, included_hours=plan_hours),
                                    member=member)  # fmt: skip
            start = at(lab, 1, 9)
            end = start + dt.timedelta(minutes=30 * slots)
            shown = booking_preview(member=member, machine=machine, start=start, end=end)
            booking = booking_create(actor=member, member=member, machine=machine, start=start,
                                     end=end)  # fmt: skip
            charge = live_charge(booking)
            charged = charge.total_incl_tax if charge else Decimal(0)
            assert shown.total_incl_tax == charged
            assert (charge.plan_minutes if charge else 0) == shown.plan_minutes
            raise Rollback
    except Rollback:
        pass


def week_url(lab, machine, start) -> str:
    query = urlencode({"week": start.date().isoformat(), "start": start.isoformat()})
    return f"{reverse('booking:machine_week', args=[machine.pk])}?{query}"


def test_the_week_page_shows_the_price_of_the_chosen_slot(client, lab, member, priced):
    client.force_login(member)
    page = client.get(week_url(lab, priced, at(lab, 1, 10))).content.decode()
    # The first duration offered (30 min) at the member's group rate, 8 €/h.
    assert f"This booking will cost {euros('4.00')}." in page
    assert 'hx-get="/billing/price-preview/booking/?machine=' in page


def test_the_price_follows_the_form(client, lab, member, priced):
    client.force_login(member)
    start = at(lab, 1, 10)
    fields = {"machine": priced.pk, "prefix": "slot", "slot-date": start.date().isoformat(),
              "slot-start_time": "10:00", "slot-duration": "150"}  # fmt: skip
    response = client.get("/billing/price-preview/booking/", fields)
    assert response.status_code == 200
    assert f"This booking will cost {euros('20.00')}." in response.content.decode()
    typed = {"machine": priced.pk, "prefix": "range", "range-date": start.date().isoformat(),
             "range-start_time": "10:00", "range-end_time": "11:00"}  # fmt: skip
    assert euros("8.00") in client.get("/billing/price-preview/booking/", typed).content.decode()


def test_plan_hours_are_named_in_the_price(client, lab, member, priced):
    SubscriptionFactory(plan=PlanFactory(lab=lab, included_hours=Decimal("1")), member=member)
    client.force_login(member)
    start = at(lab, 1, 10)
    fields = {"machine": priced.pk, "date": start.date().isoformat(), "start_time": "10:00",
              "duration": "120"}  # fmt: skip
    text = client.get("/billing/price-preview/booking/", fields).content.decode()
    assert f"This booking will cost {euros('8.00')}." in text
    assert "1\u00a0h included in your membership" in text


def test_staff_see_the_price_of_the_member_they_book_for(client, lab, staff, member, priced):
    client.force_login(staff)
    start = at(lab, 1, 10)
    fields = {"machine": priced.pk, "date": start.date().isoformat(), "start_time": "10:00",
              "duration": "60", "member_email": member.email}  # fmt: skip
    assert euros("8.00") in client.get("/billing/price-preview/booking/", fields).content.decode()


def test_nothing_is_shown_for_a_machine_without_a_price(client, lab, member):
    free = MachineFactory(lab=lab, name="Scie")
    client.force_login(member)
    page = client.get(week_url(lab, free, at(lab, 1, 10))).content.decode()
    assert "data-price-preview" not in page and "price-preview-slot" in page


def test_the_preview_endpoint_refuses_what_it_should(client, lab, member, priced):
    assert client.get("/billing/price-preview/nothing/").status_code == 404
    anonymous = client.get("/billing/price-preview/booking/", {"machine": priced.pk})
    assert anonymous.status_code == 200 and b"data-price-preview" not in anonymous.content
    client.force_login(member)
    other = MachineFactory(name="Ailleurs")  # another lab's machine
    assert client.get("/billing/price-preview/booking/", {"machine": other.pk}).status_code == 404


def test_moving_shows_the_new_price_with_the_plan_hours_given_back(client, lab, member, priced):
    SubscriptionFactory(plan=PlanFactory(lab=lab, included_hours=Decimal("1")), member=member)
    booking = booking_create(actor=member, member=member, machine=priced, start=at(lab, 1, 10),
                             end=at(lab, 1, 11))  # fmt: skip
    client.force_login(member)
    page = client.get(reverse("booking:move", args=[booking.pk])).content.decode()
    assert "After the move, nothing to pay for this booking." in page  # the plan's hour
    fields = {"booking": booking.pk, "date": at(lab, 2, 10).date().isoformat(),
              "start_time": "10:00", "duration": "180"}  # fmt: skip
    text = client.get("/billing/price-preview/move/", fields).content.decode()
    assert f"After the move, this booking will cost {euros('16.00')}." in text
    assert live_charge(booking).status == ChargeStatus.COVERED  # the savepoint left it as it was
    assert PlanUsage.objects.get().minutes == 60


def test_the_session_page_shows_the_training_s_price(client, lab, member, default_group):
    training = TrainingFactory(lab=lab, title="Fraiseuse")
    TrainingPrice.objects.create(training=training, member_group=default_group, amount=35)
    session = TrainingSessionFactory(training=training)
    client.force_login(member)
    page = client.get(reverse("training:session_detail", args=[session.pk])).content.decode()
    assert f"This training costs you {euros('35.00')}." in page


def test_the_registration_form_shows_the_price_of_the_seats(client, lab, member):
    event = EventFactory(lab=lab)
    ticket = TicketCategoryFactory(event=event, price=Decimal("7.50"), max_seats=3)
    page = client.get(reverse("events:detail_id", args=[event.pk]), follow=True).content.decode()
    assert f"Your registration will cost {euros('7.50')}." in page
    fields = {"event": event.pk, "category": ticket.pk, "seats": "3"}
    text = client.get("/billing/price-preview/registration/", fields).content.decode()
    assert f"Your registration will cost {euros('22.50')}." in text
    assert "Pay at the lab's desk." in text  # a visitor


def test_the_print_quote_shows_what_approval_will_charge(lab, member):
    request = RequestFactory().get("/")
    request.user, request.lab = member, lab
    template = Template("{% load billing_prices %}{% print_price amount=total %}")
    text = template.render(Context({"request": request, "total": Decimal("12.75")}))
    assert f"Once the lab approves the job, it will be charged {euros('12.75')}." in text
    assert "data-price-preview" not in template.render(Context({"request": request,
                                                                "total": None}))  # fmt: skip
