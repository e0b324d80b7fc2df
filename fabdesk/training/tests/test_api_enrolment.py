"""A member enrols in a session and cancels through the API; the refusals say why and change
nothing. Every answer checked against docs/api/openapi.json."""

import datetime as dt

import pytest
from django.utils import timezone

from fabdesk.members.models import User
from fabdesk.members.tests.factories import UserFactory
from fabdesk.tokens.tests.api_client import ApiClient, fresh_rate_limits  # noqa: F401
from fabdesk.training.certification_services import certification_grant
from fabdesk.training.models import Enrolment, TrainingPrice

from .factories import TrainingFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(lab, default_group):
    training = TrainingFactory(lab=lab, title="Découpe laser", cancel_deadline_hours=24)
    TrainingPrice.objects.create(training=training, member_group=default_group, amount="30.00")
    return training


@pytest.fixture
def session(training):
    return TrainingSessionFactory(training=training, capacity=1)


def enrolment_path(session) -> str:
    return f"/training-sessions/{session.pk}/enrolment"


def test_a_member_takes_a_seat_then_gives_it_up(member, session):
    api = ApiClient.for_user(member)
    response = api.post(enrolment_path(session))
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "enrolled" and body["price"] == "30.00"
    assert body["waitlist_position"] is None and body["session"] == session.pk
    assert api.get(f"/training-sessions/{session.pk}").json()["seats_left"] == 0
    cancelled = api.call("DELETE", enrolment_path(session))
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert Enrolment.objects.get().status == Enrolment.Status.CANCELLED


def test_a_full_session_puts_the_next_member_on_the_waitlist(member, other_member, session):
    first = ApiClient.for_user(member)
    first.post(enrolment_path(session))
    second = ApiClient.for_user(other_member)
    body = second.post(enrolment_path(session)).json()
    assert body["status"] == "waitlisted" and body["waitlist_position"] == 1
    listed = second.get("/training-sessions").json()["items"][0]
    assert listed["waitlist_length"] == 1 and listed["my_enrolment"]["status"] == "waitlisted"
    first.call("DELETE", enrolment_path(session))
    promoted = Enrolment.objects.get(member=other_member)
    assert promoted.status == Enrolment.Status.ENROLLED


def test_enrolling_twice_is_a_conflict(member, session):
    api = ApiClient.for_user(member)
    api.post(enrolment_path(session))
    again = api.post(enrolment_path(session))
    assert again.status_code == 409 and again.json()["code"] == "already_enrolled"
    assert Enrolment.objects.count() == 1


def test_a_missing_prerequisite_is_named(lab, staff, member, training, session):
    safety = TrainingFactory(lab=lab, title="Sécurité atelier")
    training.prerequisites.add(safety)
    api = ApiClient.for_user(member)
    refused = api.post(enrolment_path(session))
    assert refused.status_code == 422 and refused.json()["code"] == "prerequisite_missing"
    assert "Sécurité atelier" in refused.json()["detail"]
    assert not Enrolment.objects.exists()
    certification_grant(
        actor=staff, member=member, training=safety, source="staff", reason="Formé ailleurs"
    )
    assert api.post(enrolment_path(session)).status_code == 201


def test_past_and_cancelled_sessions_refuse(member, training):
    past = TrainingSessionFactory(
        training=training, starts_at=timezone.now() - dt.timedelta(hours=3)
    )
    cancelled = TrainingSessionFactory(training=training, status="cancelled")
    api = ApiClient.for_user(member)
    assert api.post(enrolment_path(past)).json()["code"] == "session_past"
    assert api.post(enrolment_path(cancelled)).json()["code"] == "session_cancelled"
    assert api.post("/training-sessions/999999/enrolment").status_code == 404
    other_lab = TrainingSessionFactory(training=TrainingFactory())
    assert api.post(enrolment_path(other_lab)).status_code == 404
    assert not Enrolment.objects.exists()


def test_cancelling_too_late_or_without_a_seat(member, training):
    soon = TrainingSessionFactory(
        training=training, starts_at=timezone.now() + dt.timedelta(hours=5)
    )
    api = ApiClient.for_user(member)
    nothing = api.call("DELETE", enrolment_path(soon))
    assert nothing.status_code == 404 and nothing.json()["code"] == "not_enrolled"
    api.post(enrolment_path(soon))
    late = api.call("DELETE", enrolment_path(soon))
    assert late.status_code == 422 and late.json()["code"] == "deadline_passed"
    assert Enrolment.objects.get().status == Enrolment.Status.ENROLLED


def test_anonymous_and_suspended_cannot_enrol(lab, default_group, session):
    assert ApiClient().post(enrolment_path(session)).status_code == 401
    pending = UserFactory(lab=lab, member_group=default_group, status=User.Status.PENDING)
    refused = ApiClient.for_user(pending).post(enrolment_path(session))
    assert refused.status_code == 403 and refused.json()["code"] == "account_pending"
    assert not Enrolment.objects.exists()
