"""The one way Fabdesk sends mail: queued after the current transaction commits.

No app calls django.core.mail directly; person-facing messages go through
notifications.services.notify, which calls this."""

import base64

from django.db import transaction

from .tasks import send_email


def mail_send_later(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    from_email: str = "",
    reply_to: list[str] | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> None:
    """Queue a mail once the surrounding transaction commits (at once when there is none).
    A rolled-back change therefore never sends a mail about something that did not happen."""
    payload = {
        "to": list(to),
        "subject": " ".join(subject.splitlines()).strip(),
        "body": body,
        "html_body": html_body,
        "from_email": from_email,
        "reply_to": reply_to or [],
        "attachments": [
            [name, base64.b64encode(content).decode("ascii"), mimetype]
            for name, content, mimetype in attachments or []
        ],
    }
    transaction.on_commit(lambda: send_email.enqueue(**payload))
