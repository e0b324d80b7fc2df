import re

from django.core import mail

SIGNUP = {
    "first_name": "Camille",
    "last_name": "Martin",
    "email": "camille@example.test",
    "password1": "un atelier plein de machines",
    "password2": "un atelier plein de machines",
    "terms": "on",
}


def link_in_last_mail(path_part: str) -> str:
    """The absolute link containing `path_part` in the last mail sent."""
    match = re.search(rf"https?://\S*{re.escape(path_part)}\S*", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0)
