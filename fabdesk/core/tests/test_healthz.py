import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

APP = "django_tasks_database"  # a leaf app: nothing else depends on its last migration


@pytest.mark.django_db
def test_healthz_reports_database_and_migrations(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"database": "ok", "pending_migrations": 0, "status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_get_only(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_healthz_is_503_while_a_migration_is_pending(client):
    graph = MigrationLoader(connection).graph
    (leaf,) = graph.leaf_nodes(APP)
    (previous,) = [parent for parent in graph.node_map[leaf].parents if parent[0] == APP]
    call_command("migrate", APP, previous[1], verbosity=0)
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {
            "database": "ok",
            "pending_migrations": 1,
            "status": "unavailable",
        }
    finally:
        call_command("migrate", APP, leaf[1], verbosity=0)
    assert client.get("/healthz").status_code == 200


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
