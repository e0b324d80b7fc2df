import datetime as dt

import factory
from django.utils import timezone

from fabdesk.core.tests.factories import LabFactory
from fabdesk.training.models import Training, TrainingSession


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training
        skip_postgeneration_save = True

    lab = factory.SubFactory(LabFactory)
    title = factory.Sequence(lambda n: f"Découpe laser niveau {n}")
    slug = factory.Sequence(lambda n: f"training-{n}")
    duration_minutes = 120
    max_participants = 4
    validity_months = 24

    @factory.post_generation
    def machines(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.machines.set(extracted)


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    training = factory.SubFactory(TrainingFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    capacity = factory.LazyAttribute(lambda o: o.training.max_participants)
