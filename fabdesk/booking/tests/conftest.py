import datetime as dt

import pytest
from django.utils import timezone

from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.schedule.tests.factories import WeeklyRangeFactory


@pytest.fixture
def machine(lab):
    return MachineFactory(lab=lab, name="Trotec Speedy 300")


@pytest.fixture
def open_lab(lab):
    """Open every day from 08:00 to 20:00 (lab time, Europe/Paris)."""
    for weekday in range(7):
        WeeklyRangeFactory(lab=lab, weekday=weekday, opens_at=dt.time(8), closes_at=dt.time(20))
    return lab


def at(lab, days: int, hour: int, minute: int = 0) -> dt.datetime:
    """`days` from today, at hour:minute on the lab's wall clock."""
    day = timezone.localtime(timezone.now(), lab.tzinfo).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=lab.tzinfo)
