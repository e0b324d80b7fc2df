import datetime as dt

import pytest

from fabdesk.core.demo import DemoRun
from fabdesk.core.timeutils import lab_today
from fabdesk.schedule.demo import demo_schedule
from fabdesk.schedule.models import Closure, ExceptionalOpening, WeeklyRange
from fabdesk.schedule.selectors import is_open_between

pytestmark = pytest.mark.django_db


def test_the_demo_lab_hours_and_a_second_run_changes_nothing(lab, staff):
    run = DemoRun(lab=lab, people={"fab_manager": staff})
    demo_schedule(run)
    counts = (
        WeeklyRange.objects.count(),
        Closure.objects.count(),
        ExceptionalOpening.objects.count(),
    )
    demo_schedule(run)
    assert counts == (6, 1, 1)
    assert (
        WeeklyRange.objects.count(),
        Closure.objects.count(),
        ExceptionalOpening.objects.count(),
    ) == counts
    opening = ExceptionalOpening.objects.get()
    today = lab_today(lab.tzinfo)
    assert opening.date.weekday() == 6 and today < opening.date <= today + dt.timedelta(days=31)
    closure = Closure.objects.get()
    assert (closure.start_date.month, closure.start_date.day, closure.end_date.day) == (12, 24, 1)
    thursday = today + dt.timedelta(days=(3 - today.weekday()) % 7 + 7)
    at = lambda hour: dt.datetime.combine(thursday, dt.time(hour), tzinfo=lab.tzinfo)  # noqa: E731
    if not closure.start_date <= thursday <= closure.end_date:
        assert is_open_between(lab=lab, start=at(20), end=at(22))
        assert not is_open_between(lab=lab, start=at(19), end=at(20))
