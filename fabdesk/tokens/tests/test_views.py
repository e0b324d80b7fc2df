"""The API tokens page: list, create (secret shown once), revoke; only one's own tokens."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from fabdesk.tokens.models import ApiToken
from fabdesk.tokens.services import token_create, token_revoke


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/tokens/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_list_shows_own_tokens_only(member_client, member, other_member):
    token_create(user=member, name="Nextcloud sync")
    token_create(user=other_member, name="Someone else's")

    response = member_client.get("/tokens/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nextcloud sync" in html and "fdk_" in html
    assert "Someone else" not in html
    assert "Never" in html  # never used yet


def test_list_costs_the_same_with_more_tokens(member_client, member, django_assert_max_num_queries):
    for i in range(15):
        token_create(user=member, name=f"token {i}")
    with django_assert_max_num_queries(8):
        response = member_client.get("/tokens/")
    assert response.content.decode().count("/revoke/") == 15


def test_create_shows_the_secret_once(member_client, member):
    response = member_client.post("/tokens/", {"name": "backup", "expires_in": "30"})

    html = response.content.decode()
    token = ApiToken.objects.get(user=member, name="backup")
    secret = html.split('id="new-token" type="text" value="')[1].split('"')[0]
    assert token.prefix == secret[:12] and token.expires_at is not None
    assert "Copy it now" in html
    assert response["Cache-Control"].startswith("max-age=0")

    again = member_client.get("/tokens/").content.decode()
    assert secret not in again and "backup" in again


def test_create_with_a_taken_name_shows_the_error(member_client, member):
    token_create(user=member, name="backup")

    response = member_client.post("/tokens/", {"name": "backup"})

    assert response.status_code == 200
    assert "You already have an active token named" in response.content.decode()
    assert ApiToken.objects.filter(user=member).count() == 1


def test_revoke_asks_then_revokes(member_client, member):
    token, _ = token_create(user=member, name="old script")

    confirm = member_client.get(f"/tokens/{token.pk}/revoke/")
    assert confirm.status_code == 200 and "old script" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # asking is not doing

    done = member_client.post(f"/tokens/{token.pk}/revoke/", follow=True)
    token.refresh_from_db()
    assert token.status == ApiToken.Status.REVOKED
    assert "is revoked" in done.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_persons_token_is_404(member_client, other_member, method):
    token, _ = token_create(user=other_member, name="theirs")

    response = getattr(member_client, method)(f"/tokens/{token.pk}/revoke/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_profile_panel_lists_tokens_and_links_to_the_page(member):
    token_create(user=member, name="sync")
    gone, _ = token_create(user=member, name="gone")
    token_revoke(actor=member, token=gone)
    request = RequestFactory().get("/me/")
    request.user = member

    with translation.override("en"):
        html = render_to_string(
            "tokens/includes/user_tokens.html", {"user": member}, request=request
        )

    assert "sync" in html and "Revoked" in html and 'href="/tokens/"' in html
