"""Fixtures and helpers of the session, enrolment and attendance tests (imported by them)."""

import datetime as dt

import pytest
from django.utils import timezone

from fabdesk.members.tests.factories import UserFactory

from .factories import TrainingFactory, TrainingSessionFactory


def hours(n: float) -> dt.datetime:
    """`n` hours from now (negative: ago)."""
    return timezone.now() + dt.timedelta(hours=n)


@pytest.fixture
def training(lab):
    return TrainingFactory(lab=lab, title="Découpe laser", max_participants=2, min_participants=1)


@pytest.fixture
def session(training, staff):
    """Next week, two seats, led by staff."""
    return TrainingSessionFactory(training=training, trainer=staff, place="Atelier")


@pytest.fixture
def volunteer(lab, default_group, training):
    person = UserFactory(lab=lab, member_group=default_group, email="volunteer@example.test")
    training.trainers.add(person)
    return person


def new_member(lab, group=None, **kwargs):
    return UserFactory(lab=lab, member_group=group, **kwargs)


def past_session(training, trainer=None, *, started_hours_ago: float = 3):
    start = hours(-started_hours_ago)
    return TrainingSessionFactory(
        training=training, trainer=trainer, starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
