"""Who the API lets in: tokens (valid, wrong, revoked, expired, missing) and the session."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from fabdesk.members.models import User
from fabdesk.tokens.models import ApiToken
from fabdesk.tokens.services import token_create, token_revoke
from fabdesk.tokens.tests.api_client import ApiClient, fresh_rate_limits  # noqa: F401


def test_a_valid_token_identifies_its_owner_and_records_the_use(member):
    token, plaintext = token_create(user=member, name="script")

    response = ApiClient(plaintext).get("/me")

    assert response.status_code == 200
    assert response.json()["email"] == "member@example.test"
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer fdk_wrong", "Basic abc", "Token fdk_x", "bearer  "],
)
def test_missing_or_wrong_tokens_get_401_json(db, header):
    client = ApiClient(**({"Authorization": header} if header else {}))

    response = client.get("/me")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert response["WWW-Authenticate"] == "Bearer"


def test_revoked_token_is_refused(member):
    token, plaintext = token_create(user=member, name="old")
    token_revoke(actor=member, token=token)

    response = ApiClient(plaintext).get("/me")

    assert response.status_code == 401
    assert response.json()["detail"] == "This API token has been revoked."


def test_expired_token_is_refused(member):
    token, plaintext = token_create(user=member, name="old")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(1))

    response = ApiClient(plaintext).get("/me")

    assert response.status_code == 401
    assert response.json()["detail"] == "This API token has expired."


@pytest.mark.parametrize(
    "change", [{"is_active": False}, {"status": User.Status.SUSPENDED}], ids=["inactive", "susp"]
)
def test_a_disabled_or_suspended_account_cannot_use_its_token(member, change):
    _, plaintext = token_create(user=member, name="x")
    User.objects.filter(pk=member.pk).update(**change)

    response = ApiClient(plaintext).get("/me")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_wrong_token_on_a_write_is_401_not_a_csrf_error(db):
    response = ApiClient("fdk_nope").post("/members", {"email": "a@b.test"})
    assert response.status_code == 401


def test_messages_follow_accept_language(db):
    response = ApiClient(language="fr").get("/me")
    assert response.json()["detail"].startswith("Authentification requise")


def test_messages_follow_the_token_owners_language(member, settings):
    settings.FABDESK_API_RATE_LIMIT = "1/m"
    member.language = "fr"
    member.save()
    api = ApiClient.for_user(member, language="en")

    api.get("/me")
    response = api.get("/me")

    assert response.status_code == 429
    assert response.json()["detail"].startswith("Trop de requêtes")


def test_the_logged_in_session_works_for_reads(member_client):
    response = member_client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["email"] == "member@example.test"


def test_session_writes_need_the_csrf_token(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    body = {"email": "new@example.test", "first_name": "A", "last_name": "B"}

    refused = client.post("/api/v1/members", body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"

    client.get("/tokens/")  # any page with a form sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/v1/members", body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 201


def test_rate_limit_answers_429_json(member, settings):
    settings.FABDESK_API_RATE_LIMIT = "2/m"
    api = ApiClient.for_user(member)

    statuses = [api.get("/me").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    last = api.get("/me")
    assert last.json()["code"] == "rate_limited"
    assert int(last["Retry-After"]) >= 1
