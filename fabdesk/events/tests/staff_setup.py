"""Fixtures of the staff-side tests (pages, attendance, feeds, API): another lab's staff, a
course, a past event with registrations, and shortcuts."""

import datetime as dt

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from fabdesk.core.tests.factories import LabFactory
from fabdesk.events.models import Event
from fabdesk.events.registration_services import registration_create
from fabdesk.events.series_services import series_create
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory

from .factories import EventFactory, EventTypeFactory


def url(name, *args):
    return reverse(f"events:{name}", args=args)


def staff_adds(staff, event, ticket, email, *, seats=1, name="Camille Visiteuse", member=None):
    """Staff register someone (no mail confirmation needed)."""
    return registration_create(
        actor=staff, event=event, category=ticket, seats=seats, member=member,
        name="" if member else name, email="" if member else email,
    )  # fmt: skip


def held(event, *, days_ago: int = 3):
    """Move an event (registered for while upcoming) into the past: it was held."""
    shift = event.starts_at - timezone.now() + dt.timedelta(days=days_ago)
    Event.objects.filter(pk=event.pk).update(
        starts_at=F("starts_at") - shift, ends_at=F("ends_at") - shift
    )
    event.refresh_from_db()
    return event


@pytest.fixture
def other_staff(db):
    lab = LabFactory(slug="other-lab", name="Autre lab")
    return UserFactory(lab=lab, email="other-staff@example.test", with_role=Role.STAFF)


@pytest.fixture
def past_event(lab):
    start = (timezone.now() - dt.timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    return EventFactory(
        lab=lab, title="Repair café de mars", starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )


@pytest.fixture
def course(lab, staff):
    """A four-session Arduino course on Saturdays from next week, 6 seats, published."""
    start = timezone.localdate() + dt.timedelta(days=7)
    return series_create(
        actor=staff, lab=lab, title="Arduino pour débuter", kind="course",
        rule={"frequency": "weekly", "weekday": start.weekday(), "starts_on": start,
              "start_time": dt.time(14), "end_time": dt.time(17), "count": 4},
        event_fields={"event_type": EventTypeFactory(lab=lab, name="Cours")},
        categories=[{"name": "Plein tarif", "audience": "non_member", "price": 40}],
        capacity=6, status="published",
    )  # fmt: skip
