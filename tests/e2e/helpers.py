"""Steps several browser tests share, written as a person does them: by labels and roles."""

import re
from urllib.parse import urlsplit

from django.core import mail

LOGIN_URL = "/accounts/login/"


def label(text: str) -> re.Pattern:
    """Matches a field's label exactly, whether or not it carries the "required" asterisk."""
    return re.compile(rf"^{re.escape(text)}( \*)?$")


def log_in(page, email: str, password: str) -> None:
    """Logs in through the login form and waits until the site shows the person logged in."""
    page.goto(LOGIN_URL)
    main = page.get_by_role("main")
    main.get_by_label(label("Email")).fill(email)
    main.get_by_label(label("Password")).fill(password)
    main.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Log out").wait_for()


def path_of_link_in_mail_to(address: str, path_start: str) -> str:
    """The path (and query) of the first link starting with `path_start` in the last message
    sent to `address`. Only the path: the link's host is the configured site, not the test
    server's."""
    messages = [message for message in mail.outbox if address in message.to]
    assert messages, f"no mail was sent to {address}; outbox: {[m.to for m in mail.outbox]}"
    body = messages[-1].body
    match = re.search(rf"https?://[^\s/]+({re.escape(path_start)}\S*)", body)
    assert match, f"no link to {path_start} in:\n{body}"
    parts = urlsplit(match.group(0))
    return parts.path + (f"?{parts.query}" if parts.query else "")
