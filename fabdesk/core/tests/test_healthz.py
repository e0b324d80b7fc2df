import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_migrations(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "pending_migrations": 0, "status": "ok"}


@pytest.mark.django_db
def test_home_for_visitor_and_member(client, member):
    assert client.get("/").status_code == 200
    client.force_login(member)
    response = client.get("/")
    assert member.first_name in response.content.decode()


@pytest.mark.django_db
def test_today_is_staff_only(client, member, staff):
    assert client.get("/today/").status_code == 302
    client.force_login(member)
    assert client.get("/today/").status_code == 403
    client.force_login(staff)
    assert client.get("/today/").status_code == 200
