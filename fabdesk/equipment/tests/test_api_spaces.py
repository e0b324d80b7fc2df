"""Space endpoints: public, per lab, with their machines counted."""

import pytest
from django.core.files.base import ContentFile

from fabdesk.core.tests.factories import LabFactory
from fabdesk.equipment.services import machine_set_status
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory
from fabdesk.tokens.tests.api_client import ApiClient, fresh_rate_limits  # noqa: F401

from .factories import MachineFactory, SpaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_lab_staff(lab):
    other = LabFactory(slug="other-lab", name="Autre lab")
    return UserFactory(lab=other, email="boss@other.test", with_role=Role.STAFF)


@pytest.fixture
def room(lab, staff):
    room = SpaceFactory(
        lab=lab, name="Atelier bois", capacity=8, description="Wear **goggles**.", position=1
    )
    MachineFactory(lab=lab, space=room, name="CNC")
    MachineFactory(lab=lab, space=room, name="Drill press")
    old = MachineFactory(lab=lab, space=room, name="Old saw")
    machine_set_status(actor=staff, machine=old, status="retired", reason="Worn out")
    return room


@pytest.mark.parametrize(
    ("who", "listed", "detail_status"),
    [
        ("anonymous", True, 200),
        ("member", True, 200),
        ("staff", True, 200),
        ("admin_user", True, 200),
        ("other_lab_staff", False, 404),
    ],
)
def test_reading_spaces_by_role(request, room, who, listed, detail_status):
    api = ApiClient() if who == "anonymous" else ApiClient.for_user(request.getfixturevalue(who))

    listing = api.get("/spaces")
    detail = api.get(f"/spaces/{room.pk}")

    assert (room.pk in [s["id"] for s in listing.json()["items"]]) == listed
    assert detail.status_code == detail_status


def test_a_space_with_its_machines(room):
    room.photo.save("room.png", ContentFile(b"png"), save=True)

    body = ApiClient().get(f"/spaces/{room.pk}").json()

    assert (body["name"], body["capacity"], body["bookable"]) == ("Atelier bois", 8, False)
    assert body["description_html"] == "<p>Wear <strong>goggles</strong>.</p>"
    assert body["photo_url"].startswith("http://testserver/media/spaces/room")
    assert body["page_url"] == f"http://testserver/spaces/{room.pk}/"
    assert body["machine_count"] == 2
    assert [m["name"] for m in body["machines"]] == ["CNC", "Drill press"]
    assert body["machines"][0]["status"] == "in_service"


def test_list_counts_machines_and_paginates(lab, room):
    SpaceFactory(lab=lab, name="Salle de réunion", bookable=True, capacity=12, position=2)
    api = ApiClient()

    body = api.get("/spaces").json()
    page = api.get("/spaces", {"limit": 1, "offset": 1}).json()

    assert body["count"] == 2
    assert [(s["name"], s["machine_count"]) for s in body["items"]] == [
        ("Atelier bois", 2),
        ("Salle de réunion", 0),
    ]
    assert body["items"][1]["bookable"] is True and body["items"][1]["photo_url"] is None
    assert page == {"count": 2, "items": [body["items"][1]]}


def test_script_in_a_space_description_is_inert(lab):
    space = SpaceFactory(lab=lab, description="<script>alert(1)</script>**ok**")
    html = ApiClient().get(f"/spaces/{space.pk}").json()["description_html"]
    assert "<script" not in html and "<strong>ok</strong>" in html


def test_unknown_space_is_404(lab):
    response = ApiClient().get("/spaces/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_space_list_costs_the_same_with_more_spaces(lab, django_assert_max_num_queries):
    for _ in range(20):
        MachineFactory(lab=lab, space=SpaceFactory(lab=lab))
    api = ApiClient()

    with django_assert_max_num_queries(4):
        response = api.get("/spaces")
    assert response.json()["count"] == 20
