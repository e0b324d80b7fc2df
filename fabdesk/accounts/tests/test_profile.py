import datetime

import pytest
from django.urls import reverse

from fabdesk.members.models import User
from fabdesk.members.roles import Role, role_of

pytestmark = pytest.mark.django_db

PROFILE = {
    "first_name": "Alix",
    "last_name": "Durand",
    "phone": "06 12 34 56 78",
    "organisation": "Atelier Durand",
    "address_line1": "3 rue des Forges",
    "address_line2": "",
    "postal_code": "69001",
    "city": "Lyon",
    "country": "France",
    "birth_date": "1990-05-17",
    "language": "en",
}


def test_profile_shows_group_status_consents_and_links(member_client, member):
    member.terms_accepted_at = datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)
    member.save()
    page = member_client.get(reverse("accounts:profile"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Adulte" in html and "Active" in html
    assert "Accepted on March 2, 2026" in html or "Accepted on 2 March 2026" in html
    assert "Not subscribed" in html
    assert reverse("account_change_password") in html
    assert reverse("account_email") in html
    for name in ("first_name", "address_line1", "postal_code", "birth_date", "language"):
        assert f'<label for="id_{name}">' in html


def test_member_edits_their_profile_and_newsletter_consent(member_client, member):
    response = member_client.post(reverse("accounts:profile"), {**PROFILE, "newsletter": "on"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.first_name, member.city, member.organisation) == (
        "Alix",
        "Lyon",
        "Atelier Durand",
    )
    assert member.birth_date == datetime.date(1990, 5, 17)
    assert member.newsletter_consent_at is not None
    assert b"Your profile is saved" in member_client.get(reverse("accounts:profile")).content

    member_client.post(reverse("accounts:profile"), PROFILE)  # newsletter unticked: withdrawn
    member.refresh_from_db()
    assert member.newsletter_consent_at is None


def test_profile_cannot_touch_email_group_status_or_role(
    member_client, member, lab, django_capture_on_commit_callbacks
):
    from fabdesk.members.tests.factories import MemberGroupFactory

    other_group = MemberGroupFactory(lab=lab)
    forged = {
        **PROFILE,
        "email": "forged@example.test",
        "member_group": other_group.pk,
        "status": "suspended",
        "notes": "forged",
        "role": Role.ADMIN,
        "is_staff": "on",
    }
    member_client.post(reverse("accounts:profile"), forged)
    member.refresh_from_db()
    assert member.email == "member@example.test"
    assert member.member_group.slug == "adult" and member.status == User.Status.ACTIVE
    assert member.notes == "" and not member.is_staff
    assert role_of(User.objects.get(pk=member.pk)) == Role.MEMBER


def test_bad_profile_input_shows_errors_and_changes_nothing(member_client, member):
    response = member_client.post(
        reverse("accounts:profile"), {**PROFILE, "first_name": "", "birth_date": "17/05/90x"}
    )
    assert response.status_code == 200
    assert b"This field is required" in response.content
    assert b"Enter a valid date" in response.content
    member.refresh_from_db()
    assert member.city == ""


def test_profile_service_refuses_fields_a_member_may_not_change(member):
    from fabdesk.accounts.services import profile_update
    from fabdesk.core.errors import Forbidden

    with pytest.raises(Forbidden):
        profile_update(member=member, data={"email": "x@example.test"}, newsletter=False)
    member.refresh_from_db()
    assert member.email == "member@example.test"


@pytest.mark.parametrize("taken", ["other@example.test", "OTHER@Example.Test"])
def test_email_change_to_a_taken_address_is_refused(member_client, member, other_member, taken):
    response = member_client.post(reverse("account_email"), {"action_add": "", "email": taken})
    assert response.status_code == 200
    assert b"already registered with this email" in response.content
    member.refresh_from_db()
    assert member.email == "member@example.test"
    assert member.emailaddress_set.count() == 1


def test_email_change_waits_for_the_new_address_to_be_confirmed(
    member_client, member, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("account_email"), {"action_add": "", "email": "new@example.test"}
        )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new@example.test"]
    member.refresh_from_db()
    assert member.email == "member@example.test"  # until the link is followed
    assert b"waits for confirmation" in member_client.get(reverse("account_email")).content


def test_complete_profile_panel_until_the_address_is_given(member_client, member):
    assert b"Complete your profile" in member_client.get(reverse("core:home")).content
    member.address_line1, member.postal_code, member.city = "3 rue des Forges", "69001", "Lyon"
    member.save()
    assert b"Complete your profile" not in member_client.get(reverse("core:home")).content


def test_confirming_a_new_address_switches_the_login_and_tells_no_staff(
    member_client, member, staff, django_capture_on_commit_callbacks
):
    from urllib.parse import urlparse

    from fabdesk.notifications.models import Notification

    from .helpers import link_in_last_mail

    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(
            reverse("account_email"), {"action_add": "", "email": "New@Example.test"}
        )
    link = urlparse(link_in_last_mail("/accounts/confirm-email/")).path
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(link)
    member.refresh_from_db()
    assert member.email == "new@example.test"
    assert list(member.emailaddress_set.values_list("email", flat=True)) == ["new@example.test"]
    assert not Notification.objects.filter(kind="accounts.member_awaiting_validation").exists()
