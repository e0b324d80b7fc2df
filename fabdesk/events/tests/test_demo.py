"""The demo agenda: realistic, in French, with a full event and its waitlist, a course and a
recurring open workshop; the demo member registered; running it twice adds nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from fabdesk.events.models import Event, EventSeries, Registration, RegistrationStatus
from fabdesk.events.seats import pool_of, seats_left, waitlist_count

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def test_the_demo_agenda(client):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    events = Event.objects.filter(lab__slug="demo")
    assert events.count() >= 18
    laser = events.get(title="Découverte de la découpe laser")
    assert seats_left(laser) == 0 and waitlist_count(laser) == 2
    course = EventSeries.objects.get(kind="course")
    assert course.events.count() == 4
    assert Registration.objects.filter(series=course, status=S.CONFIRMED).count() == 6
    assert Registration.objects.filter(
        series=course, member__email="membre@fablab-demo.test"
    ).exists()
    saturdays = EventSeries.objects.get(kind="recurring").events.order_by("starts_at")
    assert saturdays.count() == 6 and all(e.starts_at.day <= 7 for e in saturdays)
    assert events.filter(ends_at__lt=timezone.now()).count() == 2  # held already
    assert events.filter(visibility="private").count() == 1
    assert events.filter(registration_enabled=False).count() == 1
    assert Registration.objects.filter(status=S.PENDING_VALIDATION).count() == 1
    assert pool_of(course.events.first()) == course
    agenda = client.get("/events/").content.decode()
    assert "Découverte de la découpe laser" in agenda and "Visite du collège" not in agenda
