"""Factories of billing's price lists, plans and packs, for every helper's tests."""

import datetime as dt
from decimal import Decimal

import factory

from fabdesk.billing.models import (
    Item,
    ItemPrice,
    MachinePrice,
    Pack,
    PackPrice,
    PackPurchase,
    Plan,
    PlanPrice,
    SpacePrice,
    Subscription,
)
from fabdesk.core.tests.factories import LabFactory

LONG_AGO = dt.date(2020, 1, 1)


class MachinePriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MachinePrice

    lab = factory.LazyAttribute(lambda o: (o.machine or o.category).lab)
    machine = None
    category = None
    hourly_rate = Decimal("12.00")
    rounding_minutes = 15
    valid_from = LONG_AGO


class SpacePriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpacePrice

    lab = factory.LazyAttribute(lambda o: o.space.lab)
    hourly_rate = Decimal("10.00")
    rounding_minutes = 30
    valid_from = LONG_AGO


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    lab = factory.SubFactory(LabFactory)
    name = factory.Sequence(lambda n: f"Contreplaqué {n}")
    code = factory.Sequence(lambda n: f"item-{n}")
    unit = "sheet"
    unit_label = "60x40 cm"


class ItemPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemPrice

    item = factory.SubFactory(ItemFactory)
    lab = factory.LazyAttribute(lambda o: o.item.lab)
    unit_price = Decimal("4.50")
    valid_from = LONG_AGO


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        skip_postgeneration_save = True

    lab = factory.SubFactory(LabFactory)
    name = factory.Sequence(lambda n: f"Adhésion {n}")
    slug = factory.Sequence(lambda n: f"plan-{n}")
    period = "year"
    included_hours = Decimal("10")


class PlanPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanPrice

    plan = factory.SubFactory(PlanFactory)
    lab = factory.LazyAttribute(lambda o: o.plan.lab)
    amount = Decimal("120.00")
    valid_from = LONG_AGO


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    plan = factory.SubFactory(PlanFactory)
    lab = factory.LazyAttribute(lambda o: o.plan.lab)
    starts_on = LONG_AGO
    ends_on = dt.date(2099, 12, 31)
    included_hours = factory.LazyAttribute(lambda o: o.plan.included_hours)


class PackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pack
        skip_postgeneration_save = True

    lab = factory.SubFactory(LabFactory)
    name = factory.Sequence(lambda n: f"Carnet {n}")
    slug = factory.Sequence(lambda n: f"pack-{n}")
    hours = Decimal("5")


class PackPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PackPrice

    pack = factory.SubFactory(PackFactory)
    lab = factory.LazyAttribute(lambda o: o.pack.lab)
    amount = Decimal("50.00")
    valid_from = LONG_AGO


class PackPurchaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PackPurchase

    pack = factory.SubFactory(PackFactory)
    lab = factory.LazyAttribute(lambda o: o.pack.lab)
    hours = factory.LazyAttribute(lambda o: o.pack.hours)
    price = Decimal("50.00")
    purchased_on = LONG_AGO
    expires_on = dt.date(2099, 12, 31)
