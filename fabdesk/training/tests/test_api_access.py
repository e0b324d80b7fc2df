"""The access check a door or a machine asks: the one certification check plus the
machine's status; who may ask about whom."""

import datetime as dt

import pytest
from django.utils import timezone

from fabdesk.equipment.models import MachineStatus
from fabdesk.equipment.services import machine_set_status
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.members.models import User
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory
from fabdesk.tokens.tests.api_client import ApiClient, fresh_rate_limits  # noqa: F401
from fabdesk.training.certification_services import certification_grant

from .factories import TrainingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def laser(lab):
    return MachineFactory(lab=lab, name="Trotec Speedy 300")


@pytest.fixture
def laser_training(lab, laser):
    return TrainingFactory(lab=lab, title="Découpe laser", machines=[laser], validity_months=12)


def grant(staff, member, training, **kwargs):
    return certification_grant(
        actor=staff, member=member, training=training, source="staff", reason="Formé ailleurs",
        **kwargs,
    )  # fmt: skip


def check(api, machine, member=None):
    params = {"member": member.pk} if member is not None else None
    return api.get(f"/machines/{machine.pk}/access-check", params)


def test_a_device_asks_for_a_certified_member(staff, member, laser, laser_training):
    cert = grant(staff, member, laser_training)
    body = check(ApiClient.for_user(staff), laser, member).json()
    assert body["allowed"] is True and body["certified"] is True and body["reasons"] == []
    assert body["certification"]["id"] == cert.pk
    assert body["certification"]["training"]["title"] == "Découpe laser"
    assert body["trainings"] == [
        {"id": laser_training.pk, "slug": laser_training.slug, "title": "Découpe laser"}
    ]
    assert body["member"]["id"] == member.pk and body["machine_status"] == "in_service"


def test_refusals_in_words_a_member_understands(staff, member, laser, laser_training):
    api = ApiClient.for_user(staff)
    none = check(api, laser, member).json()
    assert none["allowed"] is False and none["certification"] is None
    assert [r["code"] for r in none["reasons"]] == ["no_training"]
    assert "“Découpe laser”" in none["reasons"][0]["message"]
    grant(staff, member, laser_training, granted_at=timezone.now() - dt.timedelta(days=400))
    expired = check(api, laser, member).json()
    assert [r["code"] for r in expired["reasons"]] == ["expired"]
    member.status = User.Status.SUSPENDED
    member.save()
    suspended = check(api, laser, member).json()
    assert [r["code"] for r in suspended["reasons"]] == ["account_suspended", "expired"]


def test_a_machine_out_of_order_lets_nobody_in(staff, member, laser, laser_training):
    grant(staff, member, laser_training)
    machine_set_status(
        actor=staff, machine=laser, status=MachineStatus.OUT_OF_ORDER, reason="Tube cassé"
    )
    body = check(ApiClient.for_user(staff), laser, member).json()
    assert body["allowed"] is False and body["certified"] is True
    assert body["machine_status"] == "out_of_order"
    assert [r["code"] for r in body["reasons"]] == ["machine_not_in_service"]
    assert "Tube cassé" in body["reasons"][0]["message"]
    assert body["certification"] is not None


def test_a_machine_no_training_unlocks(staff, member, lab):
    free = MachineFactory(lab=lab)
    body = check(ApiClient.for_user(staff), free, member).json()
    assert body["allowed"] is True and body["trainings"] == [] and body["certification"] is None


def test_a_member_asks_about_themself_only(member, other_member, laser, laser_training):
    api = ApiClient.for_user(member)
    own = check(api, laser).json()
    assert own["member"]["id"] == member.pk and own["allowed"] is False
    assert check(api, laser, member).json()["member"]["id"] == member.pk
    refused = check(api, laser, other_member)
    assert refused.status_code == 403 and refused.json()["code"] == "staff_only"
    assert check(ApiClient(), laser, member).status_code == 401


def test_other_labs_see_nothing(staff, member, laser, laser_training):
    elsewhere = UserFactory(email="staff@other-lab.test", with_role=Role.STAFF)
    assert check(ApiClient.for_user(elsewhere), laser, member).status_code == 404
    stranger = UserFactory(email="someone@other-lab.test")
    api = ApiClient.for_user(staff)
    assert check(api, laser, stranger).status_code == 404
    assert api.get("/machines/999999/access-check").status_code == 404
    bad = api.get(f"/machines/{laser.pk}/access-check", {"member": "abc"})
    assert bad.status_code == 422
