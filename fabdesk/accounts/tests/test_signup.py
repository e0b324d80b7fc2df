from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from fabdesk.members.models import User
from fabdesk.members.roles import Role, role_of
from fabdesk.notifications.models import Notification
from fabdesk.settings import base as base_settings

from .helpers import SIGNUP, link_in_last_mail

pytestmark = pytest.mark.django_db


def test_sign_up_mails_a_link_after_commit_and_confirming_logs_in(
    client, lab, default_group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["camille@example.test"]
    assert lab.name in mail.outbox[0].body

    link = link_in_last_mail("/accounts/confirm-email/")
    assert link.startswith("http://testserver/")  # absolute: it is read in a mail client
    page = client.get(urlparse(link).path)
    assert page.status_code == 200 and b"camille@example.test" in page.content
    response = client.post(urlparse(link).path)
    assert response.status_code == 302
    home = client.get(reverse("core:home"))
    assert home.wsgi_request.user.email == "camille@example.test"
    assert EmailAddress.objects.get(email="camille@example.test").verified


def test_new_member_belongs_to_the_lab_with_default_group_role_and_consents(
    client, lab, default_group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), {**SIGNUP, "newsletter": "on"})
    member = User.objects.get(email="camille@example.test")
    assert member.lab == lab and member.member_group == default_group
    assert member.status == User.Status.ACTIVE
    assert role_of(member) == Role.MEMBER
    assert (member.first_name, member.last_name) == ("Camille", "Martin")
    assert member.terms_accepted_at is not None and member.newsletter_consent_at is not None
    assert member.language == "en"


def test_language_of_the_sign_up_page_is_kept_and_mail_is_in_it(
    client, lab, default_group, django_capture_on_commit_callbacks
):
    client.cookies["fabdesk_language"] = "fr"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), SIGNUP)
    member = User.objects.get(email="camille@example.test")
    assert member.language == "fr" and member.newsletter_consent_at is None
    assert "Vous recevez cet e-mail" in mail.outbox[0].body


def test_pending_member_is_told_to_wait_and_staff_hear_once_the_address_is_confirmed(
    client, lab, default_group, staff, admin_user, member, django_capture_on_commit_callbacks
):
    lab.requires_member_validation = True
    lab.save()
    page = client.get(reverse("account_signup"))
    assert b"validate every new member" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), SIGNUP, follow=True)
    assert b"waits for validation" in response.content
    newcomer = User.objects.get(email="camille@example.test")
    assert newcomer.status == User.Status.PENDING
    assert not Notification.objects.exists()  # not before the address is proven

    link = link_in_last_mail("/accounts/confirm-email/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(urlparse(link).path)
    told = Notification.objects.filter(kind="accounts.member_awaiting_validation")
    assert sorted(n.recipient.email for n in told) == [admin_user.email, staff.email]
    assert {m.to[0] for m in mail.outbox[1:]} == {admin_user.email, staff.email}
    assert "Camille Martin" in told[0].title
    home = client.get(reverse("core:home"))
    assert b"waiting for validation" in home.content


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": "MEMBER@Example.TEST"}, "email", "already registered"),
        ({"email": "member@example.test"}, "email", "already registered"),
        ({"terms": ""}, "terms", "You must accept the lab"),
        ({"password2": "something else entirely"}, "password2", "same password"),
        ({"first_name": ""}, "first_name", "This field is required"),
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
    ],
)
def test_bad_sign_up_shows_the_error_and_writes_nothing(
    client, member, change, field, message, django_capture_on_commit_callbacks
):
    users_before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), {**SIGNUP, **change})
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert message.encode() in response.content
    assert User.objects.count() == users_before
    assert EmailAddress.objects.filter(email__iexact="camille@example.test").count() == 0
    assert mail.outbox == []


def test_sign_up_service_refuses_without_terms(lab, default_group):
    from fabdesk.accounts.services import member_sign_up
    from fabdesk.core.errors import Invalid

    with pytest.raises(Invalid) as refused:
        member_sign_up(
            lab=lab, email="x@example.test", password="un atelier plein de machines",
            first_name="X", last_name="Y", language="fr", terms_accepted=False,
        )  # fmt: skip
    assert refused.value.field == "terms"
    assert not User.objects.filter(email="x@example.test").exists()


@override_settings(PASSWORD_HASHERS=base_settings.PASSWORD_HASHERS)
def test_password_chosen_at_sign_up_is_stored_with_argon2(client, lab, default_group):
    client.post(reverse("account_signup"), SIGNUP)
    member = User.objects.get(email="camille@example.test")
    assert member.password.startswith("argon2$")
    assert member.check_password(SIGNUP["password1"])


def test_address_taken_between_checking_and_saving_is_a_form_error(rf, lab, default_group):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    from fabdesk.accounts.forms import SignupForm
    from fabdesk.members.tests.factories import UserFactory

    form = SignupForm(data=SIGNUP)
    assert form.is_valid(), form.errors
    UserFactory(lab=lab, email="camille@example.test")  # someone else was quicker
    request = rf.post(reverse("account_signup"), SIGNUP)
    request.user, request.session, request.lab = AnonymousUser(), SessionStore(), lab
    user, response = form.try_save(request)
    assert user is None and response.status_code == 200
    assert b"already exists" in response.content
    assert User.objects.filter(email="camille@example.test").count() == 1


def test_sign_up_links_to_the_lab_terms_when_the_lab_has_them(client, lab):
    page = client.get(reverse("account_signup")).content.decode()
    assert "Read the lab&#x27;s terms" not in page
    lab.terms_url = "https://fablab.test/reglement.pdf"
    lab.save()
    page = client.get(reverse("account_signup")).content.decode()
    assert '<a href="https://fablab.test/reglement.pdf" target="_blank" rel="noopener">' in page


def test_with_one_lab_sign_up_never_mentions_labs(client, lab):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'name="lab"' not in page


def test_in_a_network_of_labs_the_newcomer_picks_their_lab(
    client, lab, django_capture_on_commit_callbacks
):
    from fabdesk.core.tests.factories import LabFactory

    other = LabFactory(slug="other-lab", name="Fab Lab Voisin")
    page = client.get(reverse("account_signup")).content.decode()
    assert 'name="lab"' in page and "Fab Lab Voisin" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), {**SIGNUP, "lab": other.pk})
    assert User.objects.get(email=SIGNUP["email"]).lab == other
