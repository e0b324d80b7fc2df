"""The public pages render in both languages and errors keep the lab's look."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_home_page_speaks_the_browsers_language(new_page, lab):
    english = new_page("en-GB")
    english.goto("/")
    expect(english.locator("html")).to_have_attribute("lang", "en")
    expect(english.get_by_role("heading", level=1)).to_have_text(f"Welcome to {lab.name}")
    expect(english.get_by_label("Language")).to_have_value("en")

    french = new_page("fr-FR")
    french.goto("/")
    expect(french.locator("html")).to_have_attribute("lang", "fr")
    expect(french.get_by_role("heading", level=1)).to_contain_text(lab.name)
    expect(french.get_by_role("heading", level=1)).not_to_have_text(f"Welcome to {lab.name}")
    expect(french.get_by_label("Langue")).to_have_value("fr")


def test_unknown_page_is_a_branded_404(page, lab):
    stylesheets = []
    page.on(
        "response",
        lambda response: (
            stylesheets.append(response.status) if response.url.endswith("fabdesk.css") else None
        ),
    )
    response = page.goto("/no-such-page/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("banner")).to_contain_text(lab.name)
    expect(page).to_have_title(re.compile(re.escape(lab.name)))
    assert stylesheets == [200]
    page.get_by_role("link", name="Back to the home page").click()
    expect(page).to_have_url(re.compile(r"/$"))
