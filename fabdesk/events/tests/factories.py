import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from fabdesk.core.tests.factories import LabFactory
from fabdesk.events.models import Event, EventType, TicketCategory


class EventTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventType
        django_get_or_create = ("lab", "name")

    lab = factory.SubFactory(LabFactory)
    name = "Atelier"
    colour = "#e4572e"


class EventFactory(factory.django.DjangoModelFactory):
    """A published public workshop in a week, 14:00 to 17:00, 10 seats."""

    class Meta:
        model = Event

    lab = factory.SubFactory(LabFactory)
    event_type = factory.LazyAttribute(lambda o: EventTypeFactory(lab=o.lab))
    title = factory.Sequence(lambda n: f"Atelier découverte {n}")
    slug = factory.Sequence(lambda n: f"atelier-decouverte-{n}")
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + dt.timedelta(days=7)).replace(
            hour=12, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    capacity = 10
    status = Event.Status.PUBLISHED


class TicketCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TicketCategory

    event = factory.SubFactory(EventFactory)
    name = "Plein tarif"
    audience = TicketCategory.Audience.NON_MEMBER
    price = Decimal("10.00")
    max_seats = 4
