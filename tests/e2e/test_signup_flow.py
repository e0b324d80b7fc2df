"""A newcomer signs up, confirms their address from the mail, logs in, switches to French and
fills in their profile: every step by the labels and roles a screen reader would use."""

import re

import pytest
from playwright.sync_api import expect

from fabdesk.members.models import User

from .helpers import label, log_in, path_of_link_in_mail_to

pytestmark = pytest.mark.e2e

EMAIL = "camille.martin@example.test"
PASSWORD = "un atelier plein de machines"


def test_sign_up_confirm_log_in_switch_language_edit_profile(new_page, lab, default_group):
    page = new_page("en-GB")
    page.goto("/")
    page.get_by_role("main").get_by_role("link", name="Become a member").click()

    form = page.get_by_role("main")
    form.get_by_label(label("First name")).fill("Camille")
    form.get_by_label(label("Last name")).fill("Martin")
    form.get_by_label(label("Email")).fill(EMAIL)
    form.get_by_label(label("Password")).fill(PASSWORD)
    form.get_by_label(label("Password (again)")).fill(PASSWORD)
    form.get_by_label(label("I accept the lab's terms")).check()
    form.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")

    # The link is opened in another browser, as from a phone's mail app: not logged in there.
    confirm_path = path_of_link_in_mail_to(EMAIL, "/accounts/confirm-email/")
    phone = new_page("en-GB")
    phone.goto(confirm_path)
    expect(phone.get_by_role("main")).to_contain_text(f"confirm that {EMAIL} is your email")
    phone.get_by_role("button", name="Confirm").click()
    log_in(phone, EMAIL, PASSWORD)
    expect(phone.get_by_role("navigation", name="Your account")).to_contain_text("My profile")

    footer = phone.get_by_role("contentinfo")
    footer.get_by_label("Language").select_option("fr")
    footer.get_by_role("button").click()
    expect(phone.locator("html")).to_have_attribute("lang", "fr")

    account = phone.get_by_role("navigation", name="Votre compte")
    account.get_by_role("link", name="Mon profil").click()
    profile = phone.get_by_role("main")
    expect(profile.get_by_label(label("Prénom"))).to_have_value("Camille")
    profile.get_by_label(label("Téléphone")).fill("06 12 34 56 78")
    profile.get_by_label(label("Ville")).fill("Lyon")
    profile.get_by_role("button", name="Enregistrer mon profil").click()

    expect(phone.get_by_role("status")).to_contain_text("profil")
    expect(phone.get_by_label(label("Téléphone"))).to_have_value("06 12 34 56 78")
    member = User.objects.get(email=EMAIL)
    assert (member.phone, member.city, member.language) == ("06 12 34 56 78", "Lyon", "fr")
    assert member.terms_accepted_at is not None
    assert re.fullmatch(r".*@example\.test", member.email)
