import datetime

import pytest
from django.utils import timezone

from fabdesk.core.errors import Conflict, Invalid, NotFound
from fabdesk.tokens.models import ApiToken
from fabdesk.tokens.selectors import secret_hash, token_find
from fabdesk.tokens.services import token_create, token_record_use, token_revoke


def test_create_returns_the_secret_once_and_stores_only_its_hash(member):
    token, plaintext = token_create(user=member, name="backup")

    assert plaintext.startswith("fdk_") and len(plaintext) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.secret_hash == secret_hash(plaintext)
    assert plaintext not in {stored.secret_hash, stored.prefix, stored.name}
    assert plaintext.startswith(stored.prefix) and len(stored.prefix) == 12
    assert token_find(plaintext=plaintext) == token
    assert token.status == ApiToken.Status.ACTIVE


def test_each_token_has_its_own_secret(member):
    secrets = {token_create(user=member, name=f"t{i}")[1] for i in range(5)}
    assert len(secrets) == 5


def test_name_is_unique_among_the_persons_active_tokens(member, other_member):
    token, _ = token_create(user=member, name="sync")

    with pytest.raises(Conflict) as exc:
        token_create(user=member, name=" sync ")
    assert exc.value.code == "token_name_taken"

    token_create(user=other_member, name="sync")  # another person may use the same name
    token_revoke(actor=member, token=token)
    token_create(user=member, name="sync")  # a revoked token frees its name
    assert ApiToken.objects.filter(user=member, name="sync").count() == 2


def test_an_expired_token_frees_its_name(member):
    old, _ = token_create(user=member, name="ci")
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(1))

    new, _ = token_create(user=member, name="ci")

    old.refresh_from_db()
    assert old.status == ApiToken.Status.REVOKED
    assert new.is_active


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_token_needs_a_sensible_name(member, name):
    with pytest.raises(Invalid):
        token_create(user=member, name=name)
    assert not ApiToken.objects.exists()


def test_expiry_must_be_in_the_future(member):
    with pytest.raises(Invalid):
        token_create(user=member, name="x", expires_at=timezone.now())


def test_revoke_is_for_the_owner_only(member, other_member):
    token, _ = token_create(user=member, name="mine")

    with pytest.raises(NotFound):
        token_revoke(actor=other_member, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None

    token_revoke(actor=member, token=token)
    first = token.revoked_at
    token_revoke(actor=member, token=token)  # twice changes nothing
    token.refresh_from_db()
    assert token.status == ApiToken.Status.REVOKED and token.revoked_at == first


def test_last_use_is_written_at_most_once_a_minute(member, django_assert_num_queries):
    token, _ = token_create(user=member, name="x")
    with django_assert_num_queries(1):
        token_record_use(token=token)
    with django_assert_num_queries(0):
        token_record_use(token=token)

    earlier = timezone.now() - datetime.timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    token.refresh_from_db()
    with django_assert_num_queries(1):
        token_record_use(token=token)
    token.refresh_from_db()
    assert token.last_used_at > earlier
