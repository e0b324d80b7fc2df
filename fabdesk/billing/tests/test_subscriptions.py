"""Memberships and packs sold: periods, renewals, overlaps, expiry, their charges, and their
hours used by machine time."""

import datetime as dt
from decimal import Decimal

import pytest

from fabdesk.billing.choices import ChargeStatus
from fabdesk.billing.models import Subscription
from fabdesk.billing.pricing import charge_price
from fabdesk.billing.selectors import charges_for_source
from fabdesk.billing.subscription_services import (
    add_months,
    pack_purchase,
    subscription_cancel,
    subscription_create,
    subscription_renew,
    subscriptions_expire,
)
from fabdesk.core.errors import Conflict, Forbidden, Invalid

from .factories import MachinePriceFactory, PackPriceFactory, PlanFactory, PlanPriceFactory

AT = dt.datetime(2026, 1, 31, 10, tzinfo=dt.UTC)


def test_months_end_on_the_right_day():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 15)


def test_subscribing_makes_the_period_and_its_charge(lab, member, staff):
    price = PlanPriceFactory(plan__lab=lab, plan__period="month", amount=Decimal("15"))
    subscription = subscription_create(actor=member, member=member, plan=price.plan, at=AT)
    assert (subscription.starts_on, subscription.ends_on) == (
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 27),
    )
    charge = charges_for_source(subscription).get()
    assert (charge.item_type, charge.total_incl_tax) == ("membership", Decimal("15.00"))
    assert subscription.price == Decimal("15.00")
    with pytest.raises(Conflict):
        subscription_create(actor=staff, member=member, plan=price.plan, at=AT)
    renewal = subscription_renew(actor=staff, subscription=subscription, at=AT)
    assert (renewal.starts_on, renewal.renews) == (dt.date(2026, 2, 28), subscription)


def test_the_plans_hours_are_used_by_machine_time(lab, member, machine):
    plan = PlanPriceFactory(plan__lab=lab, plan__included_hours=Decimal("2")).plan
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("12"))
    subscription_create(actor=member, member=member, plan=plan, at=AT)
    breakdown = charge_price(
        lab=lab, member=member, item_type="machine_time", target=machine, minutes=180, at=AT
    )
    assert (breakdown.plan_minutes, breakdown.total_incl_tax) == (120, Decimal("12.00"))


def test_cancel_and_expire(lab, member, staff):
    plan = PlanPriceFactory(plan__lab=lab).plan
    subscription = subscription_create(actor=member, member=member, plan=plan, at=AT)
    with pytest.raises(Forbidden):
        subscription_cancel(actor=member, subscription=subscription)
    subscription_cancel(actor=staff, subscription=subscription, reason="Erreur")
    assert charges_for_source(subscription).get().status == ChargeStatus.CANCELLED
    old = subscription_create(actor=staff, member=member, plan=plan, starts_on=dt.date(2020, 1, 1))
    assert subscriptions_expire() == 1
    old.refresh_from_db()
    assert old.status == Subscription.Status.EXPIRED


def test_a_plan_no_longer_offered_or_of_another_lab(lab, member, staff):
    plan = PlanFactory(lab=lab, is_active=False)
    with pytest.raises(Invalid):
        subscription_create(actor=staff, member=member, plan=plan)
    with pytest.raises(Forbidden):
        subscription_create(actor=staff, member=member, plan=PlanFactory())


def test_buying_a_pack(lab, member, staff, machine):
    price = PackPriceFactory(pack__lab=lab, pack__hours=Decimal("3"), pack__validity_days=90)
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("12"))
    purchase = pack_purchase(actor=staff, member=member, pack=price.pack, at=AT)
    assert purchase.expires_on == dt.date(2026, 5, 1)
    assert charges_for_source(purchase).get().total_incl_tax == Decimal("50.00")
    breakdown = charge_price(
        lab=lab, member=member, item_type="machine_time", target=machine, minutes=60, at=AT
    )
    assert breakdown.pack_minutes == 60 and breakdown.total_incl_tax == 0
