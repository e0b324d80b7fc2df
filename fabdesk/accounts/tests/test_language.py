import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_french_speaking_member_switches_to_english(client, member):
    member.language = "fr"
    member.save()
    client.force_login(member)
    page = client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="fr">' in page.content.decode()
    assert "Mon profil" in page.content.decode()

    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": reverse("accounts:profile")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    member.refresh_from_db()
    assert member.language == "en"
    page = client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="en">' in page.content.decode() and "My profile" in page.content.decode()


def test_choice_survives_logging_out_and_in_again_on_another_browser(client, member):
    client.force_login(member)
    client.post(reverse("accounts:set_language"), {"language": "fr", "next": "/"})
    client.logout()
    client.cookies.clear()
    client.force_login(member)
    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="fr">' in page.content.decode()


@pytest.mark.parametrize(
    ("accept", "lang", "text"), [("en", "en", "Log in"), ("fr", "fr", "Se connecter")]
)
def test_visitor_gets_the_browsers_language(client, lab, accept, lang, text):
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE=accept)
    assert f'<html lang="{lang}">' in page.content.decode()
    assert text in page.content.decode()


def test_visitor_choice_is_kept_in_a_cookie(client, lab):
    response = client.post(reverse("accounts:set_language"), {"language": "fr", "next": "/"})
    assert response.cookies["fabdesk_language"].value == "fr"
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="fr">' in page.content.decode()


def test_footer_form_posts_to_the_saving_view(client, lab):
    page = client.get(reverse("account_login"))
    assert f'action="{reverse("accounts:set_language")}"' in page.content.decode()


def test_unknown_language_changes_nothing(client, member):
    member.language = "fr"
    member.save()
    client.force_login(member)
    response = client.post(reverse("accounts:set_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "fr"
