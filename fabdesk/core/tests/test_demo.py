from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from fabdesk.core.models import AuditEntry, Lab
from fabdesk.core.tests.factories import LabFactory
from fabdesk.members.models import User
from fabdesk.members.roles import Role, role_of
from fabdesk.notifications.models import Notification


def _demo(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


@pytest.mark.django_db
def test_demo_builds_a_french_lab_with_people_across_groups_and_statuses():
    output = _demo()
    lab = Lab.objects.get(slug="demo")
    assert (lab.name, lab.time_zone, lab.currency) == ("Fab Lab de démo", "Europe/Paris", "EUR")
    assert lab.default_vat_rate == 20 and lab.requires_member_validation and lab.siret
    people = User.objects.filter(lab=lab)
    assert 60 <= people.count() <= 70
    roles = [role_of(user) for user in people]
    assert roles.count(Role.ADMIN) == 1 and roles.count(Role.STAFF) == 2
    groups = set(people.values_list("member_group__name", flat=True))
    assert {"Adulte", "Tarif réduit / étudiant", "Entreprise", "Association"} <= groups
    assert lab.member_groups.get(is_default=True).name == "Adulte"
    assert people.filter(status=User.Status.PENDING).count() >= 3
    suspended = people.filter(status=User.Status.SUSPENDED)
    assert suspended.count() == 2 and all(user.status_reason for user in suspended)
    assert people.exclude(organisation="").filter(member_group__slug="entreprise").count() == 8
    assert people.exclude(phone="").count() > 40
    assert people.filter(terms_accepted_at__isnull=False).count() == people.count()
    assert AuditEntry.objects.filter(action="member.status_changed").exists()
    news = Notification.objects.exclude(kind__startswith="incidents.")  # her problem reports
    news = news.exclude(kind__startswith="training.")  # and her training sessions
    news = news.exclude(kind__startswith="events.")  # and her event registrations
    news = news.exclude(kind__startswith="fabrication.")  # and her print jobs
    assert news.filter(recipient__email="membre@fablab-demo.test").count() == 2
    for email, password in [
        ("admin@fablab-demo.test", "demo-admin"),
        ("fabmanager@fablab-demo.test", "demo-fabmanager"),
        ("membre@fablab-demo.test", "demo-membre"),
    ]:
        assert f"{email}  /  {password}" in output


@pytest.mark.django_db
def test_running_the_demo_twice_changes_nothing():
    _demo()
    before = _row_counts()
    _demo()
    assert _row_counts() == before
    assert before["members.User"] > 60 and before["core.AuditEntry"] > 60


@pytest.mark.django_db
def test_if_empty_skips_a_database_that_holds_a_lab_but_still_prints_the_logins():
    _demo()
    before = _row_counts()
    output = _demo("--if-empty")
    assert _row_counts() == before
    assert "demo not loaded" in output and "membre@fablab-demo.test  /  demo-membre" in output


@pytest.mark.django_db
def test_if_empty_leaves_a_real_lab_alone():
    LabFactory(name="Atelier réel", slug="reel")
    output = _demo("--if-empty")
    assert list(Lab.objects.values_list("slug", flat=True)) == ["reel"]
    assert "demo not loaded" in output and "Demo logins" not in output


@pytest.mark.django_db
def test_demo_people_log_in_right_away(client):
    _demo()
    for email, password in [("membre@fablab-demo.test", "demo-membre"),
                            ("fabmanager@fablab-demo.test", "demo-fabmanager")]:  # fmt: skip
        response = client.post("/accounts/login/", {"login": email, "password": password})
        assert response.status_code == 302 and response["Location"] == "/", email
        assert client.get("/notifications/").status_code == 200
        client.post("/accounts/logout/")
