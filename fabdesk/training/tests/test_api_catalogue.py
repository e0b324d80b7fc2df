"""The public training catalogue and upcoming sessions through the API, every answer checked
against docs/api/openapi.json."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.members.tests.factories import MemberGroupFactory, UserFactory
from fabdesk.tokens.tests.api_client import ApiClient, fresh_rate_limits  # noqa: F401
from fabdesk.training.models import Enrolment, TrainingPrice, TrainingSession

from .factories import TrainingFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def laser(lab):
    return MachineFactory(lab=lab, name="Trotec Speedy 300")


@pytest.fixture
def safety(lab):
    return TrainingFactory(lab=lab, title="Sécurité atelier", slug="securite", position=0)


@pytest.fixture
def laser_training(lab, laser, safety, default_group):
    training = TrainingFactory(
        lab=lab,
        title="Découpe laser",
        slug="laser",
        machines=[laser],
        validity_months=24,
        lapse_months=12,
        position=1,
        description="**Bring** glasses <script>alert(1)</script>",
    )
    training.categories.add(laser.category)
    training.prerequisites.add(safety)
    TrainingPrice.objects.create(training=training, member_group=default_group, amount="25.00")
    return training


def test_anyone_lists_the_offered_trainings(lab, laser, laser_training, safety, default_group):
    TrainingFactory(lab=lab, title="Old", is_active=False)
    TrainingFactory(title="Another lab's")
    body = ApiClient().get("/trainings").json()
    assert body["count"] == 2
    assert [t["title"] for t in body["items"]] == ["Sécurité atelier", "Découpe laser"]
    item = body["items"][1]
    assert item["unlocks"]["machines"][0]["name"] == "Trotec Speedy 300"
    assert item["unlocks"]["categories"][0]["id"] == laser.category_id
    assert item["prerequisites"] == [{"id": safety.pk, "slug": "securite", "title": safety.title}]
    assert (item["validity_months"], item["lapse_months"]) == (24, 12)
    assert item["prices"] == [
        {
            "group": {"id": default_group.pk, "slug": "adult", "name": "Adulte"},
            "amount": "25.00",
        }
    ]
    assert "<strong>Bring</strong>" in item["description_html"]
    assert "<script" not in item["description_html"]


def test_the_list_costs_the_same_queries_for_many_trainings(
    lab, laser, default_group, django_assert_max_num_queries
):
    group = MemberGroupFactory(lab=lab)
    for n in range(12):
        training = TrainingFactory(lab=lab, machines=[laser])
        TrainingPrice.objects.create(training=training, member_group=group, amount=Decimal(n))
    api = ApiClient()
    with django_assert_max_num_queries(10):
        assert api.get("/trainings").json()["count"] == 12


def test_one_training_with_its_next_sessions(lab, laser_training):
    upcoming = TrainingSessionFactory(training=laser_training)
    TrainingSessionFactory(
        training=laser_training,
        starts_at=timezone.now() - dt.timedelta(days=3),
    )
    TrainingSessionFactory(training=laser_training, status=TrainingSession.Status.CANCELLED)
    api = ApiClient()
    body = api.get(f"/trainings/{laser_training.pk}").json()
    assert body["title"] == "Découpe laser"
    assert [s["id"] for s in body["next_sessions"]] == [upcoming.pk]
    assert api.get("/trainings/999999").status_code == 404
    assert api.get(f"/trainings/{TrainingFactory().pk}").status_code == 404  # another lab


def test_upcoming_sessions_with_seats_and_waitlist(lab, laser_training, member, other_member):
    full = TrainingSessionFactory(training=laser_training, capacity=1)
    Enrolment.objects.create(session=full, member=member)
    Enrolment.objects.create(session=full, member=other_member, status="waitlisted")
    Enrolment.objects.create(
        session=full, member=UserFactory(lab=lab), status=Enrolment.Status.CANCELLED
    )
    later = TrainingSessionFactory(
        training=laser_training,
        starts_at=timezone.now() + dt.timedelta(days=30),
        place="Médiathèque",
        capacity=4,
    )
    TrainingSessionFactory(training=TrainingFactory())  # another lab
    body = ApiClient().get("/training-sessions").json()
    assert [s["id"] for s in body["items"]] == [full.pk, later.pk]
    first, second = body["items"]
    assert (first["seats_left"], first["waitlist_length"]) == (0, 1)
    assert first["space"] is None and first["place"] == ""
    assert (second["seats_left"], second["place"]) == (4, "Médiathèque")
    assert first["my_enrolment"] is None
    mine = ApiClient.for_user(other_member).get("/training-sessions").json()["items"][0]
    assert mine["my_enrolment"]["status"] == "waitlisted"


def test_session_filters(lab, laser_training, safety):
    soon = TrainingSessionFactory(training=safety)
    later = TrainingSessionFactory(
        training=laser_training, starts_at=timezone.now() + dt.timedelta(days=40)
    )
    api = ApiClient()
    by_training = api.get("/training-sessions", {"training": laser_training.pk}).json()
    assert [s["id"] for s in by_training["items"]] == [later.pk]
    day = timezone.localdate(later.starts_at, lab.tzinfo)
    ranged = api.get("/training-sessions", {"from": day.isoformat(), "to": day.isoformat()})
    assert [s["id"] for s in ranged.json()["items"]] == [later.pk]
    until = timezone.localdate(soon.starts_at, lab.tzinfo).isoformat()
    assert [s["id"] for s in api.get("/training-sessions", {"to": until}).json()["items"]] == [
        soon.pk
    ]
    backwards = api.get("/training-sessions", {"from": day.isoformat(), "to": until})
    assert backwards.status_code == 422 and backwards.json()["code"] == "bad_dates"
    assert api.get("/training-sessions", {"from": "soon"}).status_code == 422


def test_session_list_query_count(lab, laser_training, member, django_assert_max_num_queries):
    for _ in range(10):
        session = TrainingSessionFactory(training=laser_training)
        Enrolment.objects.create(session=session, member=member)
    api = ApiClient.for_user(member)
    with django_assert_max_num_queries(12):
        assert api.get("/training-sessions").json()["count"] == 10
