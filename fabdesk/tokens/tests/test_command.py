import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from fabdesk.tokens.models import ApiToken
from fabdesk.tokens.selectors import token_find


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def test_create_token_prints_a_working_token_once(member):
    out, err = io.StringIO(), io.StringIO()

    call_command("create-token", "MEMBER@example.test", name="backup", stdout=out, stderr=err)

    plaintext = out.getvalue().strip()
    assert token_find(plaintext=plaintext).user == member
    assert "cannot be shown again" in err.getvalue()


def test_create_token_with_expiry(member):
    call_command("create-token", member.email, "--name", "ci", "--expires-in-days", "7",
                 stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    assert ApiToken.objects.get(name="ci").expires_at is not None


def test_unknown_email_is_a_clear_error(db):
    with pytest.raises(CommandError, match=r"No account with the email address nobody@x\.test"):
        call_command("create-token", "nobody@x.test", name="x")


def test_taken_name_is_a_clear_error(member):
    call_command("create-token", member.email, name="x", stdout=io.StringIO(),
                 stderr=io.StringIO())  # fmt: skip
    with pytest.raises(CommandError, match="already have an active token"):
        call_command("create-token", member.email, name="x")
    assert ApiToken.objects.count() == 1
