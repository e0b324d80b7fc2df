"""Staff-only member endpoints: who may call them, what they return, how they refuse."""

import pytest

from fabdesk.core.models import AuditEntry
from fabdesk.core.tests.factories import LabFactory
from fabdesk.members.models import User
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import MemberGroupFactory, UserFactory
from fabdesk.tokens.tests.api_client import ApiClient, fresh_rate_limits  # noqa: F401

NEW = {"email": "Nouvelle@Example.test", "first_name": "Ada", "last_name": "Lovelace"}


@pytest.fixture
def other_lab_staff(db):
    lab = LabFactory(slug="other-lab", name="Autre lab")
    return UserFactory(lab=lab, email="boss@other.test", with_role=Role.STAFF)


def _caller(request, who):
    return ApiClient() if who == "anonymous" else ApiClient.for_user(request.getfixturevalue(who))


# --- Who may call what ----------------------------------------------------------------------
CALLERS = [
    ("anonymous", 401, 401),
    ("member", 403, 403),
    ("staff", 200, 200),
    ("admin_user", 200, 200),
    ("other_lab_staff", 200, 404),
]


@pytest.mark.parametrize(("who", "list_status", "detail_status"), CALLERS)
def test_reading_members_by_role(request, other_member, who, list_status, detail_status):
    api = _caller(request, who)

    listed = api.get("/members")
    detail = api.get(f"/members/{other_member.pk}")

    assert listed.status_code == list_status
    assert detail.status_code == detail_status
    if list_status == 200:
        emails = {item["email"] for item in listed.json()["items"]}
        assert ("other@example.test" in emails) == (who != "other_lab_staff")


@pytest.mark.parametrize(("who", "post_status", "patch_status"), [
    ("anonymous", 401, 401),
    ("member", 403, 403),
    ("staff", 201, 200),
    ("admin_user", 201, 200),
    ("other_lab_staff", 201, 404),
])  # fmt: skip
def test_writing_members_by_role(request, other_member, who, post_status, patch_status):
    api = _caller(request, who)

    created = api.post("/members", NEW)
    patched = api.patch(f"/members/{other_member.pk}", {"city": "Nantes"})

    assert created.status_code == post_status
    assert patched.status_code == patch_status
    other_member.refresh_from_db()
    assert (other_member.city == "Nantes") == (patch_status == 200)
    if post_status == 201:
        new = User.objects.get(email="nouvelle@example.test")
        assert new.lab == request.getfixturevalue(who).lab


def test_member_calling_staff_endpoint_gets_403_json(member):
    response = ApiClient.for_user(member).get("/members")
    assert response.json() == {
        "detail": "Only the lab's staff can manage members.",
        "code": "staff_only",
    }


# --- Listing --------------------------------------------------------------------------------
@pytest.fixture
def crowd(lab, default_group):
    students = MemberGroupFactory(lab=lab, name="Étudiant", slug="student")
    for i in range(7):
        UserFactory(lab=lab, member_group=default_group, last_name=f"Adult{i:02}")
    for i in range(3):
        UserFactory(
            lab=lab, member_group=students, last_name=f"Student{i}", status=User.Status.PENDING
        )
    return students


def test_list_paginates_with_count_and_items(staff, crowd):
    api = ApiClient.for_user(staff)

    first = api.get("/members", {"limit": 4}).json()
    second = api.get("/members", {"limit": 4, "offset": 4}).json()
    beyond = api.get("/members", {"limit": 4, "offset": 40}).json()

    assert first["count"] == second["count"] == 11  # 10 + the staff member
    assert len(first["items"]) == 4 and len(second["items"]) == 4
    assert not {m["id"] for m in first["items"]} & {m["id"] for m in second["items"]}
    assert beyond == {"count": 11, "items": []}


def test_list_filters(staff, crowd):
    api = ApiClient.for_user(staff)

    def emails(**params):
        body = api.get("/members", params).json()
        assert body["count"] == len(body["items"])
        return {m["last_name"] for m in body["items"]}

    assert emails(group="student") == {"Student0", "Student1", "Student2"}
    assert emails(group=str(crowd.pk)) == {"Student0", "Student1", "Student2"}
    assert emails(status="pending") == {"Student0", "Student1", "Student2"}
    assert emails(search="adult03") == {"Adult03"}
    assert emails(role="staff") == {staff.last_name}


@pytest.mark.parametrize(
    "params",
    [{"status": "gone"}, {"role": "king"}, {"limit": 0}, {"limit": "x"}, {"offset": -1}],
)
def test_list_rejects_bad_filters_with_422(staff, params):
    response = ApiClient.for_user(staff).get("/members", params)

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"][0]["field"].startswith("query.")


def test_list_unknown_group_is_422(staff):
    response = ApiClient.for_user(staff).get("/members", {"group": "nope"})
    assert response.status_code == 422
    assert response.json()["code"] == "bad_group"


def test_list_costs_the_same_with_more_members(staff, crowd, django_assert_max_num_queries):
    api = ApiClient.for_user(staff)
    for i in range(20):
        UserFactory(lab=staff.lab, member_group=crowd, last_name=f"More{i}")

    with django_assert_max_num_queries(9):
        response = api.get("/members", {"limit": 30})
    assert len(response.json()["items"]) == 30


# --- Detail ---------------------------------------------------------------------------------
def test_detail_shows_the_whole_record(staff, member):
    member.city = "Lyon"
    member.save()

    body = ApiClient.for_user(staff).get(f"/members/{member.pk}").json()

    assert body["email"] == "member@example.test"
    assert body["city"] == "Lyon"
    assert body["group"]["slug"] == "adult"
    assert body["role"] == "member"


def test_detail_of_unknown_member_is_404_json(staff):
    response = ApiClient.for_user(staff).get("/members/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# --- Create ---------------------------------------------------------------------------------
def test_create_returns_201_with_the_member_and_audits(staff, default_group):
    student = MemberGroupFactory(lab=staff.lab, slug="student")
    payload = {**NEW, "group": "student", "city": "Brest", "birth_date": "1990-02-03"}

    response = ApiClient.for_user(staff).post("/members", payload)

    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "nouvelle@example.test"
    assert body["group"]["id"] == student.pk
    assert body["city"] == "Brest" and body["birth_date"] == "1990-02-03"
    assert body["role"] == "member" and body["status"] == "active"
    assert AuditEntry.objects.filter(action="member.created", target_id=str(body["id"])).exists()


def test_create_with_group_id_or_default_group(staff, default_group):
    api = ApiClient.for_user(staff)
    by_id = api.post("/members", {**NEW, "group": default_group.pk}).json()
    default = api.post("/members", {**NEW, "email": "x@example.test"}).json()
    assert by_id["group"]["slug"] == default["group"]["slug"] == "adult"


@pytest.mark.parametrize("email", ["member@example.test", "MEMBER@Example.TEST"])
def test_create_with_a_taken_email_is_409(staff, member, email):
    response = ApiClient.for_user(staff).post("/members", {**NEW, "email": email})

    assert response.status_code == 409
    assert response.json()["code"] == "email_taken"
    assert User.objects.filter(email__iexact=email).count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"first_name": "A", "last_name": "B"}, "body.payload.email"),
        ({**NEW, "email": "not-an-email"}, "email"),
        ({**NEW, "birth_date": "31/12/1990"}, "body.payload.birth_date"),
        ({**NEW, "language": "de"}, "body.payload.language"),
        ({**NEW, "group": "unknown"}, "group"),
    ],
)
def test_create_rejects_bad_input_with_422(staff, payload, field):
    response = ApiClient.for_user(staff).post("/members", payload)

    assert response.status_code == 422
    body = response.json()
    fields = [e["field"] for e in body.get("errors") or []] + [body.get("field")]
    assert field in fields
    assert not User.objects.filter(first_name="Ada").exists()


def test_create_with_a_group_of_another_lab_is_422(staff, other_lab_staff):
    MemberGroupFactory(lab=other_lab_staff.lab, slug="theirs")
    response = ApiClient.for_user(staff).post("/members", {**NEW, "group": "theirs"})
    assert response.status_code == 422


def test_unreadable_body_is_400_json(staff):
    response = ApiClient.for_user(staff).post("/members", "{not json")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


# --- Update ---------------------------------------------------------------------------------
def test_patch_changes_only_the_fields_sent(staff, member):
    member.phone = "0102030405"
    member.save()

    response = ApiClient.for_user(staff).patch(
        f"/members/{member.pk}", {"first_name": "Zoé", "birth_date": None}
    )

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.first_name == "Zoé" and member.phone == "0102030405"
    entry = AuditEntry.objects.get(action="member.updated")
    assert entry.actor == staff


def test_patch_to_a_taken_email_is_409_and_changes_nothing(staff, member, other_member):
    response = ApiClient.for_user(staff).patch(
        f"/members/{member.pk}", {"email": "OTHER@example.test", "city": "Paris"}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "email_taken"
    member.refresh_from_db()
    assert member.email == "member@example.test" and member.city == ""


def test_patch_status_goes_through_the_status_rules(staff, member):
    api = ApiClient.for_user(staff)

    refused = api.patch(f"/members/{member.pk}", {"status": "suspended", "city": "Metz"})
    assert refused.status_code == 422
    assert refused.json()["code"] == "reason_required"
    member.refresh_from_db()
    assert member.status == "active" and member.city == ""  # all or nothing

    done = api.patch(
        f"/members/{member.pk}", {"status": "suspended", "status_reason": "Unpaid fees"}
    )
    assert done.status_code == 200
    assert done.json()["status"] == "suspended"
    assert done.json()["status_reason"] == "Unpaid fees"
    assert AuditEntry.objects.filter(action="member.status_changed").exists()


def test_staff_cannot_change_their_own_status(staff):
    response = ApiClient.for_user(staff).patch(f"/members/{staff.pk}", {"status": "suspended"})
    assert response.status_code == 403
    assert response.json()["code"] == "own_status"


def test_patch_move_to_group_by_slug(staff, member):
    student = MemberGroupFactory(lab=staff.lab, slug="student")
    response = ApiClient.for_user(staff).patch(f"/members/{member.pk}", {"group": "student"})
    assert response.json()["group"]["id"] == student.pk


@pytest.mark.parametrize("payload", [{"email": None}, {"language": "xx"}, {"birth_date": "soon"}])
def test_patch_bad_values_are_422(staff, member, payload):
    response = ApiClient.for_user(staff).patch(f"/members/{member.pk}", payload)
    assert response.status_code == 422


def test_field_errors_are_in_the_callers_language(staff):
    response = ApiClient.for_user(staff, language="fr").post("/members", {"first_name": "A"})

    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["body.payload.email"] == "Ce champ est obligatoire."
