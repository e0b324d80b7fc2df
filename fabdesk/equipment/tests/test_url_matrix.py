"""Every workshop URL, for each person asking. Public pages: anyone reads them (a machine or
space of another lab is a 404). Staff pages: anonymous → login, member → 403, staff of
another lab → 404 on this lab's objects, staff and admin → the page."""

import pytest
from django.urls import reverse

from fabdesk.core.tests.factories import LabFactory
from fabdesk.equipment.models import MachineDocument
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory

from .factories import MachineCategoryFactory, MachineFactory, SpaceFactory

pytestmark = pytest.mark.django_db

PUBLIC = [("machine_list", None), ("machine_detail", "machine"), ("space_list", None),
          ("space_detail", "space")]  # fmt: skip
STAFF_PAGES = [("machine_new", None), ("machine_labels", None), ("category_list", None),
               ("category_new", None), ("space_new", None), ("machine_edit", "machine"),
               ("document_new", "machine"), ("category_edit", "category"),
               ("space_edit", "space")]  # fmt: skip
STAFF_ACTIONS = [
    ("machine_status", "machine", {"status-status": "maintenance", "status-reason": "Oil"}),
    ("machine_usage", "machine", {"usage-total_hours": "3", "usage-reason": "Read"}),
    ("document_delete", "document", {}),
    ("category_move", "category", {"direction": "up"}),
    ("category_delete", "empty_category", {}),
    ("space_delete", "empty_space", {}),
]


@pytest.fixture
def objects(lab):
    machine = MachineFactory(lab=lab)
    document = MachineDocument.objects.create(machine=machine, title="M", url="https://m.test")
    return {
        "machine": [machine.pk],
        "space": [machine.space.pk],
        "category": [machine.category.pk],
        "document": [machine.pk, document.pk],
        "empty_category": [MachineCategoryFactory(lab=lab).pk],
        "empty_space": [SpaceFactory(lab=lab).pk],
        None: [],
    }


@pytest.fixture
def people(member, staff, admin_user):
    far_lab = LabFactory(slug="far-away")
    MachineFactory(lab=far_lab)  # so the far lab's label sheet is not empty
    return {
        "anonymous": None,
        "member": member,
        "far_staff": UserFactory(lab=far_lab, email="far@x.test", with_role=Role.STAFF),
        "staff": staff,
        "admin": admin_user,
    }


WHO = ["anonymous", "member", "far_staff", "staff", "admin"]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "obj"), PUBLIC)
def test_public_pages(client, people, objects, who, name, obj):
    if people[who]:
        client.force_login(people[who])
    response = client.get(reverse(f"equipment:{name}", args=objects[obj]))
    assert response.status_code == (404 if who == "far_staff" and obj else 200)


def expected(who, method, obj):
    if who == "anonymous":
        return 302
    if who == "member":
        return 403
    if who == "far_staff" and obj is not None:
        return 404
    return 302 if method == "post" else 200


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(
    ("name", "obj", "method", "data"),
    [(n, o, "get", None) for n, o in STAFF_PAGES]
    + [(n, o, "post", d) for n, o, d in STAFF_ACTIONS],
)
def test_staff_pages(client, people, objects, who, name, obj, method, data):
    if people[who]:
        client.force_login(people[who])
    url = reverse(f"equipment:{name}", args=objects[obj])
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == expected(who, method, obj), (who, name)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def test_actions_refuse_get(staff_client, objects):
    url = reverse("equipment:machine_status", args=objects["machine"])
    assert staff_client.get(url).status_code == 405
