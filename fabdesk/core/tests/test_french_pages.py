"""No English left on French pages: every Fabdesk page a person can open, read in French, is
searched for common English words. A string someone forgot to mark for translation, or left
untranslated in a catalog, shows up here."""

import re
from html.parser import HTMLParser

import pytest

from .test_no_server_errors import ROUTES, billing_ids, fill, ids  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(
    r"\b(the|and|your|you|with|this|not|are|is|was|has|have|for|from|will|here|there|"
    r"please|members?|save|cancel|delete|change|edit|back|next|previous|page|search|"
    r"settings|home|log in|log out|sign up|password|email address)\b",
    re.IGNORECASE,
)
# Words both languages write the same way, and texts that are not ours to translate.
ALLOWED = {"page", "Page", "API", "Fabdesk"}


class VisibleText(HTMLParser):
    """Text a reader sees or hears: element text, titles, labels for screen readers."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "pre", "code"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "pre", "code") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def english_words(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    text = re.sub(r"\S+@\S+", " ", text)  # email addresses
    return {m.group(0) for m in ENGLISH.finditer(text)} - ALLOWED


@pytest.fixture
def french_people(member, staff, admin_user):
    """Everyone reads French before the crawl's data is made: notifications are written in
    their recipient's language when they are sent."""
    for person in (member, staff, admin_user):
        person.language = "fr"
        person.save(update_fields=["language"])


@pytest.mark.parametrize("who", ["anonymous", "member", "staff", "admin_user"])
def test_french_pages_hold_no_english(request, client, french_people, ids, who):  # noqa: F811
    if who != "anonymous":
        person = request.getfixturevalue(who)
        client.force_login(person)
    client.cookies["fabdesk_language"] = "fr"
    found = {}
    for route in ROUTES:
        if route.startswith("api/"):
            continue  # JSON and Swagger UI, read by programs
        response = client.get(fill(route, ids), HTTP_ACCEPT_LANGUAGE="fr")
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            words = english_words(response.content.decode())
            if words:
                found[route] = sorted(words)
    assert found == {}
