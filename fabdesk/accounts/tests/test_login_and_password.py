from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import reverse

from fabdesk.members.tests.factories import PASSWORD

from .helpers import link_in_last_mail

pytestmark = pytest.mark.django_db


def test_member_logs_in_by_email_whatever_its_case(client, member):
    response = client.post(
        reverse("account_login"), {"login": "Member@Example.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("core:home")).wsgi_request.user == member


def test_wrong_password_says_so(client, member):
    response = client.post(reverse("account_login"), {"login": member.email, "password": "nope"})
    assert response.status_code == 200
    assert b"not correct" in response.content


def test_repeated_failed_logins_are_refused_with_a_clear_message(client, member):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": member.email, "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.status_code == 200  # the form again, not a 500
    assert b"Too many failed login attempts" in response.content
    assert not response.wsgi_request.user.is_authenticated


def test_too_many_requests_page_is_branded(client, lab, member, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "1/m/ip"}
    client.post(reverse("account_reset_password"), {"email": member.email})
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 429
    assert b"Too many attempts" in response.content and lab.name.encode() in response.content


def test_password_reset_mail_in_the_members_language_leads_to_a_new_password(
    client, member, django_capture_on_commit_callbacks
):
    member.language = "fr"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "MEMBER@example.test"})
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.email]
    assert "mot de passe" in mail.outbox[0].body

    link = urlparse(link_in_last_mail("/accounts/password/reset/key/")).path
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new = "une imprimante qui chauffe"
    response = client.post(form_page.wsgi_request.path, {"password1": new, "password2": new})
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    member.refresh_from_db()
    assert member.check_password(new)


def test_unknown_email_for_password_reset_is_a_form_error(client, lab):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.test"})
    assert response.status_code == 200
    assert b"not assigned to any user account" in response.content
    assert mail.outbox == []


def test_password_change_needs_the_current_password(member_client, member):
    url = reverse("account_change_password")
    new = "une découpeuse laser bien réglée"
    response = member_client.post(url, {"oldpassword": "wrong", "password1": new, "password2": new})
    assert response.status_code == 200 and b"Please type your current password" in response.content
    response = member_client.post(
        url, {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new)


def test_logout_page_and_logout(member_client):
    assert member_client.get(reverse("account_logout")).status_code == 200
    response = member_client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not member_client.get(reverse("core:home")).wsgi_request.user.is_authenticated
