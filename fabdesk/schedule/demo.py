"""The demo lab's opening hours: Tuesday to Friday 14:00-19:00 (and 20:00-22:00 on Thursday
evenings), Saturday 10:00-18:00, closed for the Christmas holidays, and an open day on a
Sunday in the coming month. Registered with fabdesk.core.demo (order 15, after the people);
goes through the schedule services; running it again changes nothing."""

import datetime as dt

from fabdesk.core.demo import DemoRun, register_demo_step
from fabdesk.core.timeutils import lab_today

from .models import Closure, ExceptionalOpening
from .services import closure_create, opening_create, weekly_schedule_set

AFTERNOON = (dt.time(14), dt.time(19))
WEEK = {
    1: [AFTERNOON],
    2: [AFTERNOON],
    3: [AFTERNOON, (dt.time(20), dt.time(22))],
    4: [AFTERNOON],
    5: [(dt.time(10), dt.time(18))],
}
CHRISTMAS = "Vacances de Noël"
OPEN_DAY = "Portes ouvertes"


def demo_schedule(run: DemoRun) -> None:
    lab, actor = run.lab, run.people["fab_manager"]
    today = lab_today(lab.tzinfo)
    if not lab.weekly_ranges.exists():
        weekly_schedule_set(actor=actor, lab=lab, ranges=WEEK)
    if not Closure.objects.filter(lab=lab, label=CHRISTMAS).exists():
        year = today.year - 1 if (today.month, today.day) == (1, 1) else today.year
        closure_create(
            actor=actor,
            lab=lab,
            label=CHRISTMAS,
            start_date=dt.date(year, 12, 24),
            end_date=dt.date(year + 1, 1, 1),
        )
    if not ExceptionalOpening.objects.filter(lab=lab, label=OPEN_DAY).exists():
        in_two_weeks = today + dt.timedelta(days=14)
        sunday = in_two_weeks + dt.timedelta(days=(6 - in_two_weeks.weekday()) % 7)
        opening_create(
            actor=actor,
            lab=lab,
            label=OPEN_DAY,
            date=sunday,
            opens_at=dt.time(14),
            closes_at=dt.time(18),
        )


register_demo_step(15, demo_schedule)
