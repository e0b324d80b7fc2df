"""Staff grant and withdraw certifications from a member's passport; every refusal is a clear
message on the page and changes nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from fabdesk.core.models import AuditEntry
from fabdesk.core.tests.factories import LabFactory
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory
from fabdesk.training.certification_services import certification_grant
from fabdesk.training.forms import granted_at_from
from fabdesk.training.models import Certification

from .factories import TrainingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(lab):
    return TrainingFactory(lab=lab, title="Laser", validity_months=12)


def post_grant(client, member, training, **data):
    return client.post(
        f"/trainings/passport/{member.pk}/grant/",
        {"grant-training": training.pk, "grant-reason": "Formé ailleurs", **data},
    )


def test_staff_grant_from_the_passport_with_a_reason(staff_client, member, training):
    page = staff_client.get(f"/trainings/passport/{member.pk}/").content.decode()
    assert "Grant a certification" in page
    response = post_grant(staff_client, member, training)
    assert response.status_code == 302
    cert = Certification.objects.get(member=member)
    assert cert.source == "staff" and cert.reason == "Formé ailleurs"
    assert AuditEntry.objects.filter(action="certification.granted").exists()


def test_granting_twice_shows_the_conflict_and_changes_nothing(staff_client, member, training):
    post_grant(staff_client, member, training)
    response = post_grant(staff_client, member, training)
    assert response.status_code == 200
    assert "already holds “Laser”" in response.content.decode()
    assert Certification.objects.count() == 1


def test_a_missing_reason_is_asked_for(staff_client, member, training):
    response = post_grant(staff_client, member, training, **{"grant-reason": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not Certification.objects.exists()


def test_a_past_grant_date_starts_the_validity_that_day(staff_client, member, training, lab):
    post_grant(staff_client, member, training, **{"grant-granted_on": "2025-01-31"})
    cert = Certification.objects.get()
    local = timezone.localtime(cert.expires_at, lab.tzinfo)
    assert (local.year, local.month, local.day, local.hour) == (2026, 1, 31, 0)


def test_today_or_a_future_day_means_now(lab):
    today = timezone.localdate(timezone=lab.tzinfo)
    for day in (today, today + dt.timedelta(days=3), None):
        assert timezone.now() - granted_at_from(day, lab.tzinfo) < dt.timedelta(seconds=5)


@pytest.mark.parametrize("who", ["member", "other_member"])
def test_members_cannot_grant(request, client, member, training, who):
    client.force_login(request.getfixturevalue(who))
    assert post_grant(client, member, training).status_code == 403
    assert not Certification.objects.exists()


def test_staff_of_another_lab_cannot_grant_or_withdraw(client, member, training, staff):
    client.force_login(staff)
    post_grant(client, member, training)
    cert = Certification.objects.get()
    client.force_login(UserFactory(lab=LabFactory(), with_role=Role.ADMIN))
    assert post_grant(client, member, training).status_code == 404
    revoke_url = f"/trainings/certifications/{cert.pk}/revoke/"
    assert client.post(revoke_url, {"reason": "x"}).status_code == 404
    assert Certification.objects.get().revoked_at is None


def test_staff_withdraw_with_a_reason_once(staff_client, member, training):
    post_grant(staff_client, member, training)
    cert = Certification.objects.get()
    url = f"/trainings/certifications/{cert.pk}/revoke/"
    assert "Withdraw" in staff_client.get(url).content.decode()
    assert "This field is required" in staff_client.post(url, {"reason": ""}).content.decode()
    assert staff_client.post(url, {"reason": "Usage dangereux"}).status_code == 302
    cert.refresh_from_db()
    assert cert.revoke_reason == "Usage dangereux"
    again = staff_client.post(url, {"reason": "Encore"}).content.decode()
    assert "already withdrawn" in again
    page = staff_client.get(f"/trainings/passport/{member.pk}/").content.decode()
    assert "was withdrawn: Usage dangereux" in page


def test_a_member_cannot_withdraw(member_client, member, training, staff):
    cert = certification_grant(
        actor=staff, member=member, training=training, source="staff", reason="x"
    )
    url = f"/trainings/certifications/{cert.pk}/revoke/"
    assert member_client.post(url, {"reason": "x"}).status_code == 403
