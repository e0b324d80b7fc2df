import datetime as dt

import factory

from fabdesk.core.tests.factories import LabFactory
from fabdesk.schedule.models import Closure, ExceptionalOpening, WeeklyRange


class WeeklyRangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklyRange

    lab = factory.SubFactory(LabFactory)
    weekday = 0
    opens_at = dt.time(10)
    closes_at = dt.time(18)


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    lab = factory.SubFactory(LabFactory)
    label = "Holidays"
    start_date = dt.date(2025, 12, 24)
    end_date = dt.date(2026, 1, 1)


class ExceptionalOpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExceptionalOpening

    lab = factory.SubFactory(LabFactory)
    label = "Open day"
    date = dt.date(2025, 6, 1)
    opens_at = dt.time(10)
    closes_at = dt.time(17)
