"""The Django admin site: admins see every model; it never becomes a back door around the
services (members and the audit log are read-only there)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/django-admin/",
        "/django-admin/members/user/",
        "/django-admin/members/membergroup/",
        "/django-admin/core/lab/",
        "/django-admin/core/auditentry/",
        "/django-admin/notifications/notification/",
        "/django-admin/tokens/apitoken/",
        "/django-admin/equipment/machine/",
        "/django-admin/incidents/incident/",
        "/django-admin/maintenance/maintenanceplan/",
        "/django-admin/maintenance/maintenancelog/",
        "/django-admin/schedule/weeklyrange/",
        "/django-admin/booking/bookingrule/",
        "/django-admin/booking/booking/",
        "/django-admin/training/certification/",
    ],
)
def test_admin_sees_the_admin_site(client, admin_user, path):
    client.force_login(admin_user)
    assert client.get(path).status_code == 200


def test_staff_and_members_do_not_reach_the_admin_site(client, staff, member):
    for person in (staff, member):
        client.force_login(person)
        response = client.get("/django-admin/members/user/")
        assert response.status_code == 302 and "/django-admin/login/" in response["Location"]


def test_members_cannot_be_changed_or_deleted_in_the_admin(client, admin_user, member):
    client.force_login(admin_user)
    before = member.email
    response = client.post(f"/django-admin/members/user/{member.pk}/change/", {"email": "x@y.z"})
    assert response.status_code == 403
    assert (
        client.post(f"/django-admin/members/user/{member.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    member.refresh_from_db()
    assert member.email == before
