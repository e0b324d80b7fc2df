"""The one rule: may this member use this machine now?"""

import datetime as dt

import pytest
from django.utils import timezone

from fabdesk.core.errors import Conflict, Forbidden, Invalid
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.training.certification_check import certification_check
from fabdesk.training.certification_services import (
    certification_grant,
    certification_record_use,
    certification_revoke,
)

from .factories import TrainingFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def laser(lab):
    return MachineFactory(lab=lab)


@pytest.fixture
def laser_training(lab, laser):
    return TrainingFactory(lab=lab, title="Laser", machines=[laser], validity_months=12)


def grant(staff, member, training, **kwargs):
    return certification_grant(
        actor=staff,
        member=member,
        training=training,
        source="staff",
        reason="Formé ailleurs",
        **kwargs,
    )


def test_a_machine_no_training_unlocks_needs_none(member, lab):
    assert certification_check(member=member, machine=MachineFactory(lab=lab)).allowed


def test_no_training_then_granted_then_expired(staff, member, laser, laser_training):
    result = certification_check(member=member, machine=laser)
    assert not result.allowed and result.codes == ["no_training"]
    assert "“Laser”" in result.reasons[0].message
    cert = grant(staff, member, laser_training)
    assert certification_check(member=member, machine=laser).certification == cert
    later = cert.expires_at + dt.timedelta(seconds=1)
    assert certification_check(member=member, machine=laser, at=later).codes == ["expired"]


def test_the_category_unlocks_every_machine_in_it(staff, member, lab, laser):
    training = TrainingFactory(lab=lab)
    training.categories.add(laser.category)
    grant(staff, member, training)
    assert certification_check(member=member, machine=laser).allowed


def test_account_status_comes_first(staff, member, laser, laser_training):
    grant(staff, member, laser_training)
    member.status = "suspended"
    assert certification_check(member=member, machine=laser).codes == ["account_suspended"]


def test_lapse_counts_from_the_last_use(staff, member, laser, lab):
    training = TrainingFactory(lab=lab, machines=[laser], validity_months=None, lapse_months=6)
    grant(staff, member, training, granted_at=NOW - dt.timedelta(days=300))
    assert certification_check(member=member, machine=laser).codes == ["lapsed"]
    certification_record_use(member=member, machine=laser, at=NOW - dt.timedelta(days=10))
    assert certification_check(member=member, machine=laser).allowed


def test_a_prerequisite_lost_blocks_the_machine(staff, member, laser, laser_training, lab):
    safety = TrainingFactory(lab=lab, title="Sécurité atelier", validity_months=1)
    laser_training.prerequisites.add(safety)
    grant(staff, member, safety, granted_at=NOW - dt.timedelta(days=60))  # expired a month ago
    grant(staff, member, laser_training)
    result = certification_check(member=member, machine=laser)
    assert (
        result.codes == ["prerequisite_missing"] and "Sécurité atelier" in result.reasons[0].message
    )


def test_revoked_and_granting_twice(staff, member, laser, laser_training):
    cert = grant(staff, member, laser_training)
    with pytest.raises(Conflict):
        grant(staff, member, laser_training)
    with pytest.raises(Invalid):
        certification_revoke(actor=staff, certification=cert, reason="")
    certification_revoke(actor=staff, certification=cert, reason="Usage dangereux")
    assert certification_check(member=member, machine=laser).codes == ["revoked"]
    with pytest.raises(Conflict):
        certification_revoke(actor=staff, certification=cert, reason="encore")


def test_members_cannot_grant_and_staff_need_a_reason(member, other_member, staff, laser_training):
    with pytest.raises(Forbidden):
        grant(other_member, member, laser_training)
    with pytest.raises(Invalid):
        certification_grant(
            actor=staff, member=member, training=laser_training, source="staff", reason=" "
        )
    assert not member.certifications.exists()
