import factory

from fabdesk.core.tests.factories import LabFactory
from fabdesk.equipment.models import Machine, MachineCategory, Space


class MachineCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MachineCategory

    lab = factory.SubFactory(LabFactory)
    name = "Découpe laser"
    slug = factory.Sequence(lambda n: f"category-{n}")
    kind = MachineCategory.Kind.LASER_CUTTER


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    lab = factory.SubFactory(LabFactory)
    name = factory.Sequence(lambda n: f"Atelier {n}")
    slug = factory.Sequence(lambda n: f"space-{n}")
    capacity = 12


class MachineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Machine

    lab = factory.SubFactory(LabFactory)
    name = factory.Sequence(lambda n: f"Laser {n}")
    slug = factory.Sequence(lambda n: f"machine-{n}")
    category = factory.LazyAttribute(lambda o: MachineCategoryFactory(lab=o.lab))
    space = factory.LazyAttribute(lambda o: SpaceFactory(lab=o.lab))
    brand = "Trotec"
    model_name = "Speedy 100"
    size_x_mm = 610
    size_y_mm = 305
    materials = "plywood 3 mm, acrylic, cardboard"
