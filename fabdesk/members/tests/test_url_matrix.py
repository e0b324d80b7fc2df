"""Every staff URL of the members app, for each person asking: anonymous → login, member → 403,
staff of another lab → 404, staff and admin → the page. Role changes are for admins only."""

import pytest
from django.urls import reverse

from fabdesk.core.tests.factories import LabFactory
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import MemberGroupFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["list", "new", "export", "import", "groups", "group_new"]  # no object in the URL
MEMBER_PAGES = ["detail", "edit"]
MEMBER_ACTIONS = [("status", {"status": "active"}), ("role", {"role": "member"})]
GROUP_PAGES = ["group_edit"]
GROUP_ACTIONS = [("group_move", {"direction": "up"}), ("group_delete", {})]


@pytest.fixture
def target(lab, default_group):
    return UserFactory(lab=lab, member_group=default_group, status="pending")


@pytest.fixture
def spare_group(lab):
    return MemberGroupFactory(lab=lab, name="Entreprise", slug="company")


@pytest.fixture
def people(member, staff, admin_user):
    far_lab = LabFactory(slug="far-away")
    return {
        "anonymous": None,
        "member": member,
        "far_staff": UserFactory(lab=far_lab, email="far@x.test", with_role=Role.STAFF),
        "staff": staff,
        "admin": admin_user,
    }


def ask(client, person, method, url, data=None):
    if person is not None:
        client.force_login(person)
    return client.post(url, data or {}) if method == "post" else client.get(url)


def expected(who, method, name, obj):
    if who == "anonymous":
        return 302  # to the login page
    if who == "member":
        return 403
    if who == "far_staff" and obj is not None:
        return 404  # a member or group of another lab
    if name == "role" and who != "admin":
        return 403
    return 302 if method == "post" else 200


def cases():
    for who in ("anonymous", "member", "far_staff", "staff", "admin"):
        for name in PAGES:
            yield who, "get", name, None, None
        for name in MEMBER_PAGES:
            yield who, "get", name, "member", None
        for name, data in MEMBER_ACTIONS:
            yield who, "post", name, "member", data
        for name in GROUP_PAGES:
            yield who, "get", name, "group", None
        for name, data in GROUP_ACTIONS:
            yield who, "post", name, "group", data


@pytest.mark.parametrize(("who", "method", "name", "obj", "data"), list(cases()))
def test_url_matrix(client, people, target, spare_group, who, method, name, obj, data):
    args = {"member": [target.pk], "group": [spare_group.pk], None: []}[obj]
    url = reverse(f"members:{name}", args=args)
    response = ask(client, people[who], method, url, data)
    status = expected(who, method, name, obj)
    assert response.status_code == status, (who, name)
    if status == 302 and who == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def test_the_import_confirmation_is_staff_only(client, member):
    url = reverse("members:import_confirm")
    assert client.post(url).status_code == 302
    client.force_login(member)
    assert client.post(url).status_code == 403


def test_an_admin_cannot_change_their_own_role(client, admin_user):
    client.force_login(admin_user)
    url = reverse("members:role", args=[admin_user.pk])
    assert client.post(url, {"role": "member"}).status_code == 403


def test_actions_refuse_get(staff_client, member):
    assert staff_client.get(reverse("members:status", args=[member.pk])).status_code == 405
