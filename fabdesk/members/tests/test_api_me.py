import pytest

from fabdesk.tokens.tests.api_client import ApiClient, fresh_rate_limits  # noqa: F401


@pytest.mark.parametrize("who", ["member", "staff", "admin_user"])
def test_me_returns_the_callers_own_account(request, who):
    user = request.getfixturevalue(who)

    response = ApiClient.for_user(user).get("/me")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == user.pk and body["email"] == user.email
    assert body["role"] == {"member": "member", "staff": "staff", "admin_user": "admin"}[who]
    assert body["status"] == "active"
    assert body["lab"]["slug"] == "test-lab"


def test_me_shows_the_member_group(member):
    body = ApiClient.for_user(member).get("/me").json()
    assert body["group"] == {"id": member.member_group_id, "slug": "adult", "name": "Adulte"}
    assert set(body) == {
        "id", "email", "first_name", "last_name", "language", "role", "status", "group", "lab",
    }  # fmt: skip


def test_me_for_anonymous_is_401(db):
    response = ApiClient().get("/me")
    assert response.status_code == 401
