"""Background tasks of the notifications app: sending mail."""

import base64

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task(queue_name="mail")
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    from_email: str = "",
    reply_to: list[str] | None = None,
    attachments: list[list[str]] | None = None,
) -> int:
    """Send one mail. Arguments are JSON (the database queue stores them); attachments are
    [filename, base64 content, mime type] triples."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email or None, to=to, reply_to=reply_to or None
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    for filename, content_b64, mimetype in attachments or []:
        message.attach(filename, base64.b64decode(content_b64), mimetype)
    return message.send()
