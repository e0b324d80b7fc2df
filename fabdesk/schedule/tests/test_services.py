"""Staff change the opening hours; every change is checked on the server and audit-logged."""

import datetime as dt

import pytest

from fabdesk.core.errors import Forbidden, Invalid
from fabdesk.core.models import AuditEntry
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory
from fabdesk.schedule.models import Closure, ExceptionalOpening, WeeklyRange
from fabdesk.schedule.services import (
    closure_create,
    closure_delete,
    opening_create,
    opening_delete,
    weekly_schedule_set,
)

from .factories import ClosureFactory, ExceptionalOpeningFactory

pytestmark = pytest.mark.django_db
T = dt.time


def rows(lab):
    return list(WeeklyRange.objects.filter(lab=lab).values_list("weekday", "opens_at", "closes_at"))


def test_staff_set_the_week_and_it_is_audited(staff, lab):
    weekly_schedule_set(
        actor=staff, lab=lab, ranges={3: [(T(20), T(22)), (T(14), T(19))], 5: [(T(10), T(18))]}
    )
    assert rows(lab) == [(3, T(14), T(19)), (3, T(20), T(22)), (5, T(10), T(18))]
    entry = AuditEntry.objects.get(action="schedule.weekly_set")
    assert entry.actor == staff
    assert entry.changes == {
        "thursday": ["", "14:00-19:00, 20:00-22:00"],
        "saturday": ["", "10:00-18:00"],
    }
    weekly_schedule_set(actor=staff, lab=lab, ranges={5: [(T(10), T(18))]})
    assert rows(lab) == [(5, T(10), T(18))]
    weekly_schedule_set(actor=staff, lab=lab, ranges={5: [(T(10), T(18))]})
    assert (
        AuditEntry.objects.filter(action="schedule.weekly_set").count() == 2
    )  # no change, no entry


@pytest.mark.parametrize(
    ("ranges", "code"),
    [
        ([(T(14), T(19)), (T(18), T(22))], "ranges_overlap"),
        ([(T(14), T(19)), (T(14), T(16))], "ranges_overlap"),
        ([(T(19), T(14))], "closes_before_opens"),
        ([(T(10), T(10))], "closes_before_opens"),
    ],
)
def test_a_bad_day_is_refused_and_nothing_changes(staff, lab, ranges, code):
    weekly_schedule_set(actor=staff, lab=lab, ranges={0: [(T(9), T(12))]})
    with pytest.raises(Invalid) as refusal:
        weekly_schedule_set(actor=staff, lab=lab, ranges={1: [(T(9), T(12))], 2: ranges})
    assert refusal.value.code == code
    assert refusal.value.field == "day_2"
    assert rows(lab) == [(0, T(9), T(12))]


def test_ranges_that_touch_are_allowed(staff, lab):
    weekly_schedule_set(actor=staff, lab=lab, ranges={0: [(T(9), T(12)), (T(12), T(14))]})
    assert len(rows(lab)) == 2


def test_members_and_other_labs_staff_cannot_change_the_hours(member, lab):
    outsider = UserFactory(lab__slug="elsewhere", with_role=Role.STAFF)
    for actor in (member, outsider):
        with pytest.raises(Forbidden):
            weekly_schedule_set(actor=actor, lab=lab, ranges={0: [(T(9), T(12))]})
        with pytest.raises(Forbidden):
            closure_create(
                actor=actor,
                lab=lab,
                label="x",
                start_date=dt.date(2025, 1, 1),
                end_date=dt.date(2025, 1, 1),
            )
        with pytest.raises(Forbidden):
            closure_delete(actor=actor, closure=ClosureFactory(lab=lab))
        with pytest.raises(Forbidden):
            opening_delete(actor=actor, opening=ExceptionalOpeningFactory(lab=lab))
    assert rows(lab) == []
    assert Closure.objects.count() == 2 and ExceptionalOpening.objects.count() == 2


def test_a_closure_is_created_and_deleted_with_audit(staff, lab):
    closure = closure_create(
        actor=staff,
        lab=lab,
        label="  Noël  ",
        start_date=dt.date(2025, 12, 24),
        end_date=dt.date(2026, 1, 1),
    )
    assert closure.label == "Noël" and closure.all_day
    closure_delete(actor=staff, closure=closure)
    assert not Closure.objects.exists()
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("id")) == [
        "schedule.closure_created",
        "schedule.closure_deleted",
    ]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"label": " "}, "label_required"),
        ({"end_date": dt.date(2025, 12, 1)}, "end_before_start"),
        ({"start_time": T(10)}, "times_incomplete"),
        ({"start_time": T(12), "end_time": T(10)}, "closes_before_opens"),
    ],
)
def test_a_bad_closure_is_refused(staff, lab, data, code):
    values = {
        "label": "Inventaire",
        "start_date": dt.date(2025, 12, 2),
        "end_date": dt.date(2025, 12, 3),
    }
    with pytest.raises(Invalid) as refusal:
        closure_create(actor=staff, lab=lab, **{**values, **data})
    assert refusal.value.code == code
    assert not Closure.objects.exists()


def test_a_closure_of_some_hours(staff, lab):
    closure = closure_create(
        actor=staff, lab=lab, label="Réunion", start_date=dt.date(2025, 12, 2),
        end_date=dt.date(2025, 12, 2), start_time=T(14), end_time=T(16),
    )  # fmt: skip
    assert not closure.all_day


def test_an_exceptional_opening(staff, lab):
    opening = opening_create(
        actor=staff,
        lab=lab,
        label="Portes ouvertes",
        date=dt.date(2025, 6, 8),
        opens_at=T(14),
        closes_at=T(18),
    )
    assert AuditEntry.objects.filter(
        action="schedule.opening_created", target_id=str(opening.pk)
    ).exists()
    with pytest.raises(Invalid) as refusal:
        opening_create(
            actor=staff,
            lab=lab,
            label="x",
            date=dt.date(2025, 6, 8),
            opens_at=T(18),
            closes_at=T(14),
        )
    assert refusal.value.code == "closes_before_opens"
    opening_delete(actor=staff, opening=opening)
    assert not ExceptionalOpening.objects.exists()
