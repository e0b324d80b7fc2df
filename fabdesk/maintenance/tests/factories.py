from decimal import Decimal

import factory

from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.maintenance.models import MaintenancePlan


class MaintenancePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaintenancePlan

    machine = factory.SubFactory(MachineFactory)
    title = factory.Sequence(lambda n: f"Nettoyer la lentille {n}")
    instructions = "1. Éteindre la machine.\n2. Nettoyer."
    every_hours = 20
    last_done_hours = factory.LazyAttribute(lambda o: o.machine.usage_hours or Decimal("0"))
