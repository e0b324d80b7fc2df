"""The branded error pages a person meets: in the lab's layout, in their language."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from fabdesk.core.views import server_error


@pytest.mark.django_db
def test_unknown_page_is_a_branded_404(client, lab):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page and lab.name in page


@pytest.mark.django_db
def test_staff_page_for_a_member_is_a_branded_403(member_client, lab):
    response = member_client.get("/today/")
    assert response.status_code == 403
    assert "Access denied" in response.content.decode()
    assert lab.name in response.content.decode()


def test_server_error_page_renders_without_the_database():
    """The 500 page may be all that works: it needs no request context, no lab, no user, and
    no database (pytest-django refuses database access in this unmarked test)."""
    with translation.override("fr"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()
