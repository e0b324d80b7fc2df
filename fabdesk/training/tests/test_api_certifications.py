"""Certifications through the API: the holder and the staff read them, staff grant and
withdraw them; every answer checked against docs/api/openapi.json."""

import datetime as dt

import pytest
from django.utils import timezone

from fabdesk.core.selectors import audit_entries_for
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory
from fabdesk.tokens.tests.api_client import ApiClient, fresh_rate_limits  # noqa: F401
from fabdesk.training.certification_services import certification_grant, certification_revoke
from fabdesk.training.models import Certification

from .factories import TrainingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def laser_training(lab):
    return TrainingFactory(
        lab=lab, title="Découpe laser", machines=[MachineFactory(lab=lab)], validity_months=24
    )


@pytest.fixture
def other_lab_staff(db):
    return UserFactory(email="staff@other-lab.test", with_role=Role.STAFF)


def grant(staff, member, training, **kwargs):
    return certification_grant(
        actor=staff, member=member, training=training, source="staff", reason="Formé ailleurs",
        **kwargs,
    )  # fmt: skip


def test_a_member_reads_their_certifications_with_their_state(staff, member, lab):
    now = timezone.now()
    valid = TrainingFactory(lab=lab, title="Impression 3D", validity_months=None)
    soon = TrainingFactory(lab=lab, title="Brodeuse", validity_months=12, expiry_reminder_days=30)
    old = TrainingFactory(lab=lab, title="Fraiseuse", validity_months=12)
    gone = TrainingFactory(lab=lab, title="Résine")
    unused = TrainingFactory(lab=lab, title="Soudure", validity_months=None, lapse_months=6)
    grant(staff, member, valid)
    grant(staff, member, soon, granted_at=now - dt.timedelta(days=350))
    grant(staff, member, old, granted_at=now - dt.timedelta(days=400))
    certification_revoke(actor=staff, certification=grant(staff, member, gone), reason="Danger")
    grant(staff, member, unused, granted_at=now - dt.timedelta(days=200))
    body = ApiClient.for_user(member).get(f"/members/{member.pk}/certifications").json()
    states = {item["training"]["title"]: item["state"] for item in body["items"]}
    assert states == {
        "Impression 3D": "valid",
        "Brodeuse": "expiring_soon",
        "Fraiseuse": "expired",
        "Résine": "revoked",
        "Soudure": "lapsed",
    }
    by_title = {item["training"]["title"]: item for item in body["items"]}
    assert by_title["Résine"]["revoke_reason"] == "Danger"
    assert "Danger" in by_title["Résine"]["state_message"]
    assert by_title["Impression 3D"]["expires_at"] is None
    assert by_title["Soudure"]["lapses_at"] is not None
    assert by_title["Impression 3D"]["source"] == "staff"


def test_a_renewal_shows_only_the_current_certification(staff, member, laser_training):
    grant(staff, member, laser_training, granted_at=timezone.now() - dt.timedelta(days=800))
    current = grant(staff, member, laser_training)
    body = ApiClient.for_user(member).get(f"/members/{member.pk}/certifications").json()
    assert [item["id"] for item in body["items"]] == [current.pk]
    assert body["items"][0]["state"] == "valid"


def test_who_may_read_a_members_certifications(
    staff, admin_user, member, other_member, other_lab_staff, laser_training
):
    grant(staff, member, laser_training)
    path = f"/members/{member.pk}/certifications"
    staff_api = ApiClient.for_user(staff)
    assert staff_api.get(path).json()["count"] == 1
    assert ApiClient.for_user(admin_user).get(path).json()["count"] == 1
    refused = ApiClient.for_user(other_member).get(path)
    assert refused.status_code == 403 and refused.json()["code"] == "staff_only"
    assert ApiClient.for_user(other_lab_staff).get(path).status_code == 404
    assert staff_api.get("/members/999999/certifications").status_code == 404
    assert ApiClient().get(path).status_code == 401


def test_staff_grant_a_certification(staff, member, laser_training):
    api = ApiClient.for_user(staff)
    path = f"/members/{member.pk}/certifications"
    response = api.post(path, {"training": laser_training.pk, "reason": "Formée au lab voisin"})
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "valid" and body["reason"] == "Formée au lab voisin"
    cert = Certification.objects.get(member=member)
    assert cert.granted_by == staff and cert.source == "staff"
    assert [e.action for e in audit_entries_for(member)] == ["certification.granted"]
    again = api.post(path, {"training": laser_training.pk, "reason": "Encore"})
    assert again.status_code == 409 and again.json()["code"] == "already_certified"
    assert Certification.objects.count() == 1


def test_granting_refusals_change_nothing(
    staff, member, other_member, other_lab_staff, laser_training
):
    api = ApiClient.for_user(staff)
    path = f"/members/{member.pk}/certifications"
    blank = api.post(path, {"training": laser_training.pk, "reason": "  "})
    assert blank.status_code == 422 and blank.json()["field"] == "reason"
    missing = api.post(path, {"training": laser_training.pk})
    assert missing.status_code == 422 and missing.json()["code"] == "invalid"
    unknown = api.post(path, {"training": TrainingFactory().pk, "reason": "x"})
    assert unknown.status_code == 422 and unknown.json()["code"] == "bad_training"
    future = timezone.now() + dt.timedelta(days=3)
    later = api.post(
        path, {"training": laser_training.pk, "reason": "x", "granted_at": future.isoformat()}
    )
    assert later.status_code == 422 and later.json()["field"] == "granted_at"
    by_member = ApiClient.for_user(other_member).post(
        path, {"training": laser_training.pk, "reason": "x"}
    )
    assert by_member.status_code == 403
    self_grant = ApiClient.for_user(member).post(
        path, {"training": laser_training.pk, "reason": "x"}
    )
    assert self_grant.status_code == 403
    elsewhere = ApiClient.for_user(other_lab_staff).post(
        path, {"training": laser_training.pk, "reason": "x"}
    )
    assert elsewhere.status_code == 404
    assert not Certification.objects.exists()


def test_staff_grant_an_earlier_date(staff, member, laser_training):
    earned = (timezone.now() - dt.timedelta(days=100)).replace(microsecond=0)
    body = (
        ApiClient.for_user(staff)
        .post(
            f"/members/{member.pk}/certifications",
            {"training": laser_training.pk, "reason": "x", "granted_at": earned.isoformat()},
        )
        .json()
    )
    assert dt.datetime.fromisoformat(body["granted_at"]) == earned


def test_staff_withdraw_a_certification(staff, member, laser_training):
    cert = grant(staff, member, laser_training)
    api = ApiClient.for_user(staff)
    path = f"/certifications/{cert.pk}/revoke"
    blank = api.post(path, {"reason": ""})
    assert blank.status_code == 422 and blank.json()["code"] == "reason_required"
    response = api.post(path, {"reason": "Usage dangereux de la laser"})
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "revoked" and body["revoke_reason"] == "Usage dangereux de la laser"
    again = api.post(path, {"reason": "Encore"})
    assert again.status_code == 409 and again.json()["code"] == "already_revoked"
    assert "certification.revoked" in [e.action for e in audit_entries_for(member)]


def test_only_the_labs_staff_withdraw(staff, member, other_lab_staff, laser_training):
    cert = grant(staff, member, laser_training)
    path = f"/certifications/{cert.pk}/revoke"
    by_member = ApiClient.for_user(member).post(path, {"reason": "x"})
    assert by_member.status_code == 403 and by_member.json()["code"] == "staff_only"
    assert ApiClient.for_user(other_lab_staff).post(path, {"reason": "x"}).status_code == 404
    assert (
        ApiClient.for_user(staff).post("/certifications/999999/revoke", {"reason": "x"}).status_code
        == 404
    )
    cert.refresh_from_db()
    assert cert.revoked_at is None


def test_script_in_a_reason_comes_back_as_text(staff, member, laser_training):
    reason = "<script>alert(1)</script>"
    body = (
        ApiClient.for_user(staff)
        .post(
            f"/members/{member.pk}/certifications",
            {"training": laser_training.pk, "reason": reason},
        )
        .json()
    )
    assert body["reason"] == reason  # JSON carries text; pages escape it
