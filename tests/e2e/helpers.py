"""Steps several browser tests share, written as a person does them: by labels and roles."""

import re

from django.core import mail

LOGIN_URL = "/accounts/login/"
EMAIL_LABEL = re.compile(r"^(e-?mail|adresse e-?mail|courriel)", re.IGNORECASE)
PASSWORD_LABEL = re.compile(r"^(password|mot de passe)$", re.IGNORECASE)
LOGIN_BUTTON = re.compile(r"^(log in|sign in|se connecter|connexion)$", re.IGNORECASE)


def log_in(page, email: str, password: str) -> None:
    """Logs in through the login form and waits until the site shows the person logged in."""
    page.goto(LOGIN_URL)
    page.get_by_label(EMAIL_LABEL).fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_role("main").get_by_role("button", name=LOGIN_BUTTON).click()
    page.get_by_role("button", name=re.compile(r"^(log out|se déconnecter)$", re.I)).wait_for()


def link_in_last_mail_to(address: str, pattern: str) -> str:
    """The first URL matching `pattern` in the last message sent to `address`."""
    messages = [message for message in mail.outbox if address in message.to]
    assert messages, f"no mail was sent to {address}; outbox: {[m.to for m in mail.outbox]}"
    match = re.search(rf"https?://\S*{pattern}\S*", messages[-1].body)
    assert match, f"no link matching {pattern!r} in:\n{messages[-1].body}"
    return match.group(0)
