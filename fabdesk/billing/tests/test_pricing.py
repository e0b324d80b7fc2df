"""The pricing service against the database: which price applies (group, machine or
category, plan, validity period), membership and prepaid hours, VAT settings, fixed-price
items, and what charge_create records."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from fabdesk.billing.charge_services import charge_cancel, charge_create
from fabdesk.billing.choices import ChargeStatus, ItemType, LineKind
from fabdesk.billing.models import PackUsage, PlanUsage
from fabdesk.billing.pricing import charge_preview, charge_price
from fabdesk.billing.selectors import accounting_settings_get
from fabdesk.core.errors import Conflict, Forbidden, Invalid
from fabdesk.members.tests.factories import MemberGroupFactory, UserFactory

from .factories import (
    ItemPriceFactory,
    MachinePriceFactory,
    PackFactory,
    PackPurchaseFactory,
    PlanFactory,
    SpacePriceFactory,
    SubscriptionFactory,
)

AT = dt.datetime(2026, 3, 10, 14, 0, tzinfo=dt.UTC)


def machine_time(lab, member, machine, minutes, at=AT):
    return charge_price(
        lab=lab,
        member=member,
        item_type=ItemType.MACHINE_TIME,
        target=machine,
        minutes=minutes,
        at=at,
    )


def test_the_members_group_price_before_everyones(lab, member, machine):
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("20"))
    MachinePriceFactory(machine=machine, member_group=member.member_group, hourly_rate=Decimal("8"))
    walk_in = machine_time(lab, None, machine, 60)
    assert walk_in.total_incl_tax == Decimal("20.00")
    assert machine_time(lab, member, machine, 60).total_incl_tax == Decimal("8.00")


def test_a_machines_own_price_before_its_categorys(lab, member, machine, category):
    MachinePriceFactory(category=category, hourly_rate=Decimal("6"))
    assert machine_time(lab, member, machine, 60).total_incl_tax == Decimal("6.00")
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("15"))
    assert machine_time(lab, member, machine, 60).total_incl_tax == Decimal("15.00")


def test_prices_change_over_time_without_changing_past_charges(lab, member, machine, staff):
    MachinePriceFactory(
        machine=machine, hourly_rate=Decimal("10"), valid_until=dt.date(2026, 3, 31)
    )
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("14"), valid_from=dt.date(2026, 4, 1))
    march = charge_create(
        actor=staff,
        lab=lab,
        member=member,
        item_type="machine_time",
        target=machine,
        minutes=60,
        at=AT,
    )
    april = machine_time(lab, member, machine, 60, at=AT + dt.timedelta(days=30))
    assert april.total_incl_tax == Decimal("14.00")
    march.refresh_from_db()
    assert march.total_incl_tax == Decimal("10.00")
    assert machine_time(lab, member, machine, 60).total_incl_tax == Decimal("10.00")


def test_the_day_is_the_labs_day(lab, member, machine):
    """23:30 UTC on 31 March is already 1 April in Paris."""
    MachinePriceFactory(
        machine=machine, hourly_rate=Decimal("10"), valid_until=dt.date(2026, 3, 31)
    )
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("14"), valid_from=dt.date(2026, 4, 1))
    late = dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC)
    assert machine_time(lab, member, machine, 60, at=late).total_incl_tax == Decimal("14.00")


def test_rounding_per_started_step_and_minimum_charge(lab, member, machine):
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("12"), minimum_charge=Decimal("5"))
    breakdown = machine_time(lab, member, machine, 61)  # 1h15 billed
    assert breakdown.billed_minutes == 75
    assert breakdown.total_incl_tax == Decimal("15.00")
    short = machine_time(lab, member, machine, 10)  # 15 min = 3.00, raised to 5.00
    assert [line.kind for line in short.lines] == [LineKind.PAID, LineKind.MINIMUM]
    assert short.total_incl_tax == Decimal("5.00")


def test_vat_included_split_to_the_cent(lab, member, machine):
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("12"))
    breakdown = machine_time(lab, member, machine, 60)
    assert (breakdown.total_excl_tax, breakdown.total_vat) == (Decimal("10.00"), Decimal("2.00"))
    assert breakdown.lines[0].unit_price == Decimal("10.0000")


def test_prices_entered_without_vat(lab, member, machine):
    settings = accounting_settings_get(lab=lab)
    settings.prices_include_tax = False
    settings.save()
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("10"), vat_rate=Decimal("5.5"))
    breakdown = machine_time(lab, member, machine, 60)
    assert breakdown.total_excl_tax == Decimal("10.00")
    assert breakdown.total_vat == Decimal("0.55")


def test_a_lab_not_subject_to_vat_charges_none(lab, member, machine):
    lab.vat_exempt = True
    lab.save()
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("12"))
    breakdown = machine_time(lab, member, machine, 60)
    assert breakdown.total_vat == 0
    assert breakdown.total_excl_tax == breakdown.total_incl_tax == Decimal("12.00")


def test_a_machine_without_price_is_free(lab, member, machine, staff):
    assert machine_time(lab, member, machine, 60).is_empty
    created = charge_create(
        actor=staff, lab=lab, member=member, item_type="machine_time", target=machine, minutes=60
    )
    assert created is None


def test_plan_hours_then_pack_hours_then_paid(lab, member, machine, staff):
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("12"))
    plan = PlanFactory(lab=lab, included_hours=Decimal("1"))
    subscription = SubscriptionFactory(plan=plan, member=member)
    pack = PackFactory(lab=lab, hours=Decimal("1"))
    purchase = PackPurchaseFactory(pack=pack, member=member)
    preview = charge_preview(
        lab=lab, member=member, item_type="machine_time", target=machine, minutes=150, at=AT
    )
    assert [line.kind for line in preview.lines] == [LineKind.PLAN, LineKind.PACK, LineKind.PAID]
    assert (preview.plan_minutes, preview.pack_minutes, preview.paid_minutes) == (60, 60, 30)
    assert preview.total_incl_tax == Decimal("6.00")
    assert not PlanUsage.objects.exists()  # a preview writes nothing

    charge = charge_create(
        actor=member,
        lab=lab,
        member=member,
        item_type="machine_time",
        target=machine,
        minutes=150,
        at=AT,
    )
    assert charge.status == ChargeStatus.PENDING
    assert charge.total_incl_tax == Decimal("6.00")
    assert (charge.plan_minutes, charge.pack_minutes) == (60, 60)
    assert [line.kind for line in charge.lines.all()] == ["plan", "pack", "paid"]
    assert PlanUsage.objects.get(subscription=subscription).minutes == 60
    assert PackUsage.objects.get(purchase=purchase).minutes == 60
    # all used: the next hour is paid
    assert machine_time(lab, member, machine, 60).total_incl_tax == Decimal("12.00")
    # cancelling gives the hours back
    charge_cancel(actor=staff, charge=charge, reason="mistake")
    assert machine_time(lab, member, machine, 60).total_incl_tax == 0


def test_a_charge_fully_covered_is_nothing_to_pay(lab, member, machine):
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("12"))
    SubscriptionFactory(plan=PlanFactory(lab=lab, included_hours=Decimal("5")), member=member)
    charge = charge_create(
        actor=member, lab=lab, member=member, item_type="machine_time", target=machine, minutes=60
    )
    assert charge.status == ChargeStatus.COVERED
    assert charge.total_incl_tax == 0


def test_plan_hours_only_on_its_machines(lab, member, machine, category):
    from fabdesk.equipment.tests.factories import MachineFactory

    other = MachineFactory(lab=lab, category=category)
    MachinePriceFactory(category=category, hourly_rate=Decimal("12"))
    plan = PlanFactory(lab=lab, included_hours=Decimal("5"))
    plan.machines.add(other)
    SubscriptionFactory(plan=plan, member=member)
    assert machine_time(lab, member, machine, 60).total_incl_tax == Decimal("12.00")
    assert machine_time(lab, member, other, 60).total_incl_tax == 0


def test_expired_pack_and_ended_subscription_do_not_count(lab, member, machine):
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("12"))
    SubscriptionFactory(plan=PlanFactory(lab=lab), member=member, ends_on=dt.date(2026, 3, 9))
    PackPurchaseFactory(pack=PackFactory(lab=lab), member=member, expires_on=dt.date(2026, 3, 9))
    assert machine_time(lab, member, machine, 60).total_incl_tax == Decimal("12.00")


def test_a_plans_reduced_rate_for_its_subscribers(lab, member, other_member, machine):
    plan = PlanFactory(lab=lab, included_hours=0)
    MachinePriceFactory(machine=machine, hourly_rate=Decimal("12"))
    MachinePriceFactory(machine=machine, plan=plan, hourly_rate=Decimal("6"))
    SubscriptionFactory(plan=plan, member=member)
    assert machine_time(lab, member, machine, 60).total_incl_tax == Decimal("6.00")
    assert machine_time(lab, other_member, machine, 60).total_incl_tax == Decimal("12.00")


def test_space_per_person(lab, member, space):
    SpacePriceFactory(space=space, hourly_rate=Decimal("5"), per_person=True)
    breakdown = charge_price(
        lab=lab, member=member, item_type="space", target=space, minutes=120, people=3, at=AT
    )
    assert breakdown.total_incl_tax == Decimal("30.00")
    assert breakdown.lines[0].quantity == Decimal("6.0000")


def test_an_item_by_the_gram(lab, member):
    price = ItemPriceFactory(item__lab=lab, item__unit="gram", unit_price=Decimal("0.0450"))
    breakdown = charge_price(
        lab=lab, member=member, item_type="material", target=price.item, quantity=137, at=AT
    )
    assert breakdown.total_incl_tax == Decimal("6.17")  # 6.165 half up
    assert breakdown.unit == "gram"


def test_an_item_without_price_for_the_group_is_refused(lab):
    group = MemberGroupFactory(lab=lab)
    price = ItemPriceFactory(item__lab=lab, member_group=group)
    with pytest.raises(Invalid) as refused:
        charge_price(lab=lab, item_type="material", target=price.item, at=AT)
    assert refused.value.code == "no_price"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"quantity": -1, "unit_price": Decimal(1)}, "quantity_not_positive"),
        ({"quantity": 0, "unit_price": Decimal(1)}, "quantity_not_positive"),
        ({"unit_price": Decimal("-1")}, "price_negative"),
        ({"minutes": -5}, "duration_not_positive"),
        ({"minutes": 0}, "duration_not_positive"),
    ],
)
def test_bad_input_is_refused(lab, member, machine, kwargs, code):
    MachinePriceFactory(machine=machine)
    with pytest.raises(Invalid) as refused:
        charge_price(
            lab=lab,
            member=member,
            item_type="machine_time",
            target=machine,
            description="x",
            **kwargs,
        )
    assert refused.value.code == code


def test_who_may_charge_what(lab, member, other_member, staff, machine):
    MachinePriceFactory(machine=machine)
    kwargs = {"lab": lab, "item_type": "other", "description": "Café", "unit_price": Decimal(1)}
    with pytest.raises(Forbidden):
        charge_create(actor=member, member=member, **kwargs)  # ad-hoc prices are for staff
    with pytest.raises(Forbidden):
        charge_create(
            actor=member,
            lab=lab,
            member=other_member,
            item_type="machine_time",
            target=machine,
            minutes=30,
        )
    with pytest.raises(Invalid):
        charge_create(actor=staff, **kwargs)  # nobody to charge
    walk_in = charge_create(actor=staff, customer_name="Ada Lovelace", **kwargs)
    assert walk_in.buyer_name == "Ada Lovelace"
    stranger = UserFactory()
    with pytest.raises(Forbidden):
        charge_create(actor=staff, member=stranger, **kwargs)


def test_one_live_charge_per_source(lab, member, staff, machine):
    from fabdesk.booking.models import Booking

    MachinePriceFactory(machine=machine)
    start = timezone.now()
    booking = Booking.objects.create(
        lab=lab,
        machine=machine,
        member=member,
        start=start,
        end=start + dt.timedelta(hours=1),
        blocked_until=start + dt.timedelta(hours=1),
    )
    kwargs = {"actor": member, "lab": lab, "member": member, "item_type": "machine_time"}
    charge = charge_create(
        source=booking, target=machine, start=booking.start, end=booking.end, **kwargs
    )
    assert charge.source == booking
    assert charge.performed_on == timezone.localtime(start, lab.tzinfo).date()
    with pytest.raises(Conflict):
        charge_create(source=booking, target=machine, minutes=60, **kwargs)
    charge_cancel(actor=staff, charge=charge)
    assert charge_create(source=booking, target=machine, minutes=60, **kwargs) is not None


def test_an_ad_hoc_line_with_its_own_vat_rate(lab, staff, member):
    charge = charge_create(
        actor=staff,
        lab=lab,
        member=member,
        item_type="other",
        description="Livre",
        unit_price=Decimal("10.55"),
        vat_rate=Decimal("5.5"),
    )
    assert (charge.total_excl_tax, charge.total_vat) == (Decimal("10.00"), Decimal("0.55"))
    with pytest.raises(Invalid):
        charge_price(
            lab=lab,
            item_type="other",
            description="x",
            unit_price=Decimal(1),
            vat_rate=Decimal("120"),
        )


def test_the_system_charges_a_visitor_inside_another_apps_service(lab):
    charge = charge_create(
        actor=None,
        lab=lab,
        item_type="other",
        target=ItemPriceFactory(item__lab=lab).item,
        customer_name="Visiteur",
        customer_email="v@example.test",
    )
    assert (charge.created_by, charge.buyer_name) == (None, "Visiteur")
    with pytest.raises(Forbidden):  # ad-hoc prices stay for staff
        charge_create(
            actor=None,
            lab=lab,
            item_type="other",
            description="x",
            unit_price=Decimal(1),
            customer_name="Visiteur",
        )
