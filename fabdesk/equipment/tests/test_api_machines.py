"""Machine endpoints: the public catalogue, what each role reads, and the staff's changes."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from fabdesk.core.models import AuditEntry
from fabdesk.core.tests.factories import LabFactory
from fabdesk.equipment.models import MachineDocument, MachineStatus, MachineStatusChange
from fabdesk.equipment.services import machine_set_status
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory
from fabdesk.tokens.tests.api_client import (  # noqa: F401
    ApiClient,
    assert_matches_schema,
    fresh_rate_limits,
)

from .factories import MachineCategoryFactory, MachineFactory, SpaceFactory

pytestmark = pytest.mark.django_db
STAFF_FIELDS = {"staff_notes", "usage_hours"}


@pytest.fixture
def other_lab_staff(lab):  # `lab` first: it stays the default lab visitors see
    other = LabFactory(slug="other-lab", name="Autre lab")
    return UserFactory(lab=other, email="boss@other.test", with_role=Role.STAFF)


@pytest.fixture
def machine(lab):
    return MachineFactory(
        lab=lab,
        name="Trotec Speedy 300",
        slug="trotec",
        staff_notes="Tube changed in March.",
        usage_hours=Decimal("1284.75"),
        materials="plywood 3 mm, acrylic ,, cardboard",
        description="Cuts **plywood**.",
    )


def _caller(request, who):
    return ApiClient() if who == "anonymous" else ApiClient.for_user(request.getfixturevalue(who))


# --- Who reads what -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "listed", "detail_status", "sees_staff_fields"),
    [
        ("anonymous", True, 200, False),
        ("member", True, 200, False),
        ("staff", True, 200, True),
        ("admin_user", True, 200, True),
        ("other_lab_staff", False, 404, None),
    ],
)
def test_reading_machines_by_role(request, machine, who, listed, detail_status, sees_staff_fields):
    api = _caller(request, who)

    listing = api.get("/machines")
    detail = api.get(f"/machines/{machine.pk}")

    assert listing.status_code == 200
    assert (machine.pk in [m["id"] for m in listing.json()["items"]]) == listed
    assert detail.status_code == detail_status
    if detail_status == 200:
        body = detail.json()
        assert body["name"] == "Trotec Speedy 300"
        staff_keys = STAFF_FIELDS & body.keys()
        assert staff_keys == (STAFF_FIELDS if sees_staff_fields else set())
    else:
        assert detail.json()["code"] == "not_found"


def test_staff_see_their_notes_and_the_hours_of_use(staff, machine):
    body = ApiClient.for_user(staff).get(f"/machines/{machine.pk}").json()
    assert body["staff_notes"] == "Tube changed in March."
    assert body["usage_hours"] == 1284.75


def test_staff_of_another_lab_read_their_own_lab(other_lab_staff, machine):
    theirs = MachineFactory(lab=other_lab_staff.lab, name="Their laser")
    api = ApiClient.for_user(other_lab_staff)

    names = [m["name"] for m in api.get("/machines").json()["items"]]
    detail = api.get(f"/machines/{theirs.pk}").json()

    assert names == ["Their laser"]
    assert detail.keys() >= STAFF_FIELDS


def test_a_visitor_sees_the_first_lab_only(machine, other_lab_staff):
    MachineFactory(lab=other_lab_staff.lab, name="Their laser")
    names = [m["name"] for m in ApiClient().get("/machines").json()["items"]]
    assert names == ["Trotec Speedy 300"]


def test_the_browser_session_of_staff_gets_the_staff_fields(staff_client, machine):
    url = f"/api/v1/machines/{machine.pk}"
    response = staff_client.get(url)

    assert_matches_schema(response, "GET", url)
    assert response.json()["staff_notes"] == "Tube changed in March."


def test_a_bad_token_on_a_public_endpoint_is_401(machine):
    response = ApiClient("fdk_not-a-token").get("/machines")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_unknown_machine_is_404(member):
    response = ApiClient.for_user(member).get("/machines/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# --- What a machine looks like --------------------------------------------------------------
def test_detail_has_category_space_specs_documents_and_urls(machine):
    machine.photo.save("trotec.png", ContentFile(b"png"), save=True)
    MachineDocument.objects.create(
        machine=machine, title="Manual", url="https://example.org/manual.pdf"
    )
    MachineDocument.objects.create(
        machine=machine,
        title="Safety sheet",
        kind=MachineDocument.Kind.SAFETY,
        file=ContentFile(b"%PDF-1.4", name="safety.pdf"),
    )

    body = ApiClient().get(f"/machines/{machine.pk}").json()

    assert body["category"] == {
        "id": machine.category.pk,
        "slug": machine.category.slug,
        "name": "Découpe laser",
        "kind": "laser_cutter",
    }
    assert body["space"]["id"] == machine.space.pk
    assert (body["brand"], body["model"]) == ("Trotec", "Speedy 100")
    assert body["specs"] == {
        "size_x_mm": 610,
        "size_y_mm": 305,
        "size_z_mm": None,
        "materials": ["plywood 3 mm", "acrylic", "cardboard"],
    }
    assert body["status"] == "in_service" and body["status_label"] == "In service"
    assert body["photo_url"].startswith("http://testserver/media/machines/trotec")
    assert body["page_url"] == f"http://testserver/machines/{machine.pk}/"
    assert body["description"] == "Cuts **plywood**."
    assert body["description_html"] == "<p>Cuts <strong>plywood</strong>.</p>"
    manual, safety = body["documents"]
    assert manual == {"title": "Manual", "kind": "manual", "url": "https://example.org/manual.pdf"}
    assert safety["kind"] == "safety"
    assert safety["url"].startswith("http://testserver/media/machines/documents/safety")


def test_a_machine_without_photo_or_space(lab):
    bare = MachineFactory(lab=lab, space=None)
    body = ApiClient().get(f"/machines/{bare.pk}").json()
    assert body["photo_url"] is None and body["space"] is None and body["documents"] == []


def test_script_in_a_description_comes_back_inert(machine):
    machine.name = "<script>alert('name')</script>"
    machine.description = "Hello <script>alert('x')</script> <img src=x onerror=alert(1)>"
    machine.save()

    body = ApiClient().get(f"/machines/{machine.pk}").json()

    assert "<script" not in body["description_html"]
    assert "onerror" not in body["description_html"]
    assert "Hello" in body["description_html"]
    assert body["name"] == "<script>alert('name')</script>"  # data in JSON, never markup


def test_status_reason_and_since_are_public(staff, machine):
    machine_set_status(actor=staff, machine=machine, status="out_of_order", reason="Lens broken")

    body = ApiClient().get(f"/machines/{machine.pk}").json()

    assert (body["status"], body["status_reason"]) == ("out_of_order", "Lens broken")
    assert body["status_label"] == "Out of order"
    assert body["status_since"].startswith(str(machine.status_changes.get().created_at.date()))


# --- Filters and pages ----------------------------------------------------------------------
@pytest.fixture
def catalogue(lab, staff):
    printers = MachineCategoryFactory(lab=lab, name="3D", slug="printers", kind="fdm_printer")
    lasers = MachineCategoryFactory(lab=lab, name="Laser", slug="lasers")
    wood, digital = SpaceFactory(lab=lab, slug="wood"), SpaceFactory(lab=lab, slug="digital")
    for i in range(3):
        MachineFactory(lab=lab, name=f"Printer {i}", category=printers, space=digital)
    MachineFactory(lab=lab, name="Laser A", category=lasers, space=wood)
    broken = MachineFactory(lab=lab, name="Laser B", category=lasers, space=wood)
    old = MachineFactory(lab=lab, name="Old printer", category=printers, space=digital)
    machine_set_status(actor=staff, machine=broken, status="out_of_order", reason="Smoke")
    machine_set_status(actor=staff, machine=old, status=MachineStatus.RETIRED, reason="Old")
    return {"printers": printers, "lasers": lasers, "wood": wood, "digital": digital}


def _names(params=None) -> list[str]:
    body = ApiClient().get("/machines", params or {}).json()
    assert body["count"] == len(body["items"])
    return [item["name"] for item in body["items"]]


def test_list_filters(catalogue):
    printers = ["Printer 0", "Printer 1", "Printer 2"]
    assert _names() == ["Printer 0", "Printer 1", "Printer 2", "Laser A", "Laser B"]
    assert _names({"category": "printers"}) == printers
    assert _names({"category": str(catalogue["printers"].pk)}) == printers
    assert _names({"category": "printers", "include_retired": "true"}) == ["Old printer", *printers]
    assert _names({"status": "out_of_order"}) == ["Laser B"]
    assert _names({"status": "retired"}) == ["Old printer"]
    assert _names({"space": "wood"}) == ["Laser A", "Laser B"]
    assert _names({"space": str(catalogue["digital"].pk), "status": "in_service"}) == printers


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"category": "nope"}, "bad_category"),
        ({"space": "999999"}, "bad_space"),
        ({"status": "broken"}, "invalid"),
        ({"limit": 0}, "invalid"),
        ({"limit": 500}, "invalid"),
        ({"offset": -1}, "invalid"),
    ],
)
def test_list_rejects_bad_filters_with_422(catalogue, params, code):
    response = ApiClient().get("/machines", params)
    assert response.status_code == 422
    assert response.json()["code"] == code


def test_a_category_of_another_lab_is_unknown(catalogue, other_lab_staff):
    MachineCategoryFactory(lab=other_lab_staff.lab, slug="theirs")
    response = ApiClient().get("/machines", {"category": "theirs"})
    assert response.status_code == 422


def test_list_paginates(catalogue):
    api = ApiClient()
    first = api.get("/machines", {"limit": 3}).json()
    second = api.get("/machines", {"limit": 3, "offset": 3}).json()
    beyond = api.get("/machines", {"offset": 50}).json()

    assert first["count"] == second["count"] == 5
    assert [len(first["items"]), len(second["items"])] == [3, 2]
    assert not {m["id"] for m in first["items"]} & {m["id"] for m in second["items"]}
    assert beyond == {"count": 5, "items": []}


def test_list_costs_the_same_with_more_machines(staff, catalogue, django_assert_max_num_queries):
    api = ApiClient.for_user(staff)
    for i in range(25):
        MachineFactory(lab=staff.lab, name=f"More {i}", category=catalogue["lasers"])

    with django_assert_max_num_queries(8):
        response = api.get("/machines", {"limit": 50})
    assert len(response.json()["items"]) == 30


# --- Staff change a machine -----------------------------------------------------------------
WRITERS = [
    ("anonymous", 401),
    ("member", 403),
    ("staff", 200),
    ("admin_user", 200),
    ("other_lab_staff", 404),
]


@pytest.mark.parametrize(("who", "expected"), WRITERS)
def test_changing_the_status_by_role(request, machine, who, expected):
    response = _caller(request, who).post(
        f"/machines/{machine.pk}/status", {"status": "out_of_order", "reason": "Lens cracked"}
    )

    assert response.status_code == expected
    machine.refresh_from_db()
    assert (machine.status == "out_of_order") == (expected == 200)
    if expected == 403:
        assert response.json()["code"] == "staff_only"
    if expected == 200:
        body = response.json()
        assert (body["status"], body["status_reason"]) == ("out_of_order", "Lens cracked")
        assert body["staff_notes"] == "Tube changed in March."


@pytest.mark.parametrize(("who", "expected"), WRITERS)
def test_correcting_the_hours_by_role(request, machine, who, expected):
    response = _caller(request, who).post(
        f"/machines/{machine.pk}/usage", {"total_hours": "1300.5", "reason": "Read on the dial"}
    )

    assert response.status_code == expected
    machine.refresh_from_db()
    assert (machine.usage_hours == Decimal("1300.50")) == (expected == 200)
    if expected == 200:
        assert response.json()["usage_hours"] == 1300.5


def test_a_status_change_is_recorded_with_who_and_why(staff, machine):
    ApiClient.for_user(staff).post(
        f"/machines/{machine.pk}/status", {"status": "maintenance", "reason": "Yearly service"}
    )

    change = MachineStatusChange.objects.get(machine=machine)
    assert (change.from_status, change.to_status, change.actor) == (
        "in_service", "maintenance", staff
    )  # fmt: skip
    assert AuditEntry.objects.filter(action="machine.status_changed", actor=staff).exists()


def test_back_in_service_needs_no_reason(staff, machine):
    machine_set_status(actor=staff, machine=machine, status="out_of_order", reason="Smoke")
    response = ApiClient.for_user(staff).post(
        f"/machines/{machine.pk}/status", {"status": "in_service"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "in_service"


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"status": "out_of_order"}, "reason_required"),
        ({"status": "retired", "reason": "   "}, "reason_required"),
        ({"status": "exploded", "reason": "Boom"}, "invalid"),
        ({"reason": "No status"}, "invalid"),
        ({"status": "maintenance", "reason": "x" * 301}, "invalid"),
    ],
)
def test_a_bad_status_change_is_422_and_changes_nothing(staff, machine, payload, code):
    response = ApiClient.for_user(staff).post(f"/machines/{machine.pk}/status", payload)

    assert response.status_code == 422
    assert response.json()["code"] == code
    machine.refresh_from_db()
    assert machine.status == "in_service"
    assert not MachineStatusChange.objects.exists()


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"total_hours": "12"}, "invalid"),
        ({"total_hours": "12", "reason": " "}, "reason_required"),
        ({"total_hours": "-1", "reason": "Oops"}, "invalid"),
        ({"total_hours": "1.234", "reason": "Too precise"}, "invalid"),
        ({"total_hours": "many", "reason": "Words"}, "invalid"),
    ],
)
def test_a_bad_usage_correction_is_422_and_changes_nothing(staff, machine, payload, code):
    response = ApiClient.for_user(staff).post(f"/machines/{machine.pk}/usage", payload)

    assert response.status_code == 422
    assert response.json()["code"] == code
    machine.refresh_from_db()
    assert machine.usage_hours == Decimal("1284.75")


def test_changing_an_unknown_machine_is_404(staff):
    response = ApiClient.for_user(staff).post("/machines/999999/status", {"status": "in_service"})
    assert response.status_code == 404


def test_unreadable_body_is_400(staff, machine):
    response = ApiClient.for_user(staff).post(f"/machines/{machine.pk}/status", "{oops")
    assert response.status_code == 400


def test_labels_and_refusals_come_in_the_callers_language(staff, machine):
    machine_set_status(actor=staff, machine=machine, status="out_of_order", reason="Lens broken")
    api = ApiClient(language="fr")

    body = api.get(f"/machines/{machine.pk}").json()
    refused = api.get("/machines", {"category": "nope"}).json()

    assert body["status_label"] == "Hors service"
    assert refused["detail"] == "Il n'y a pas de catégorie de machine « nope » dans ce lab."
