"""notify(): the one service every capability uses to tell a person something."""

from typing import Any

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from .kinds import kind_get
from .mail import mail_send_later
from .models import Notification, NotificationPreference


def _channels(recipient, kind) -> tuple[bool, bool]:
    """(by_email, in_app) for this person and kind, honouring their preferences."""
    if kind.mandatory:
        return True, True
    pref = NotificationPreference.objects.filter(user=recipient, kind=kind.key).first()
    if pref is None:
        return kind.email_by_default, True
    return pref.by_email, pref.in_app


def notify(
    *,
    recipient,
    kind: str,
    context: dict[str, Any] | None = None,
    url: str = "",
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> Notification | None:
    """Tell `recipient` something of kind `kind`, in their language, by the channels they
    chose. Renders the kind's templates with `context` (+ recipient, lab, url, site_url).
    The mail leaves after the current transaction commits. Returns the in-app entry, if any."""
    kind_obj = kind_get(kind)
    by_email, in_app = _channels(recipient, kind_obj)
    if not (by_email or in_app):
        return None
    absolute_url = f"{settings.SITE_URL}{url}" if url.startswith("/") else url
    ctx = {
        "recipient": recipient,
        "lab": getattr(recipient, "lab", None),
        "url": absolute_url,
        "site_url": settings.SITE_URL,
        **(context or {}),
    }
    stem = kind_obj.template_stem
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{stem}_subject.txt", ctx).split())
        body = render_to_string(f"{stem}_body.txt", ctx).strip()
        try:
            html_body = render_to_string(f"{stem}_body.html", ctx)
        except TemplateDoesNotExist:
            html_body = ""
    entry = None
    if in_app:
        entry = Notification.objects.create(
            recipient=recipient, kind=kind, title=subject[:200], body=body, url=url
        )
    if by_email and recipient.email:
        lab = ctx["lab"]
        from_email = settings.DEFAULT_FROM_EMAIL
        if lab is not None and lab.name:
            address = from_email.rsplit("<", 1)[-1].rstrip(">") if "<" in from_email else from_email
            from_email = f"{lab.name} <{address}>"
        mail_send_later(
            to=[recipient.email],
            subject=subject,
            body=body,
            html_body=html_body,
            from_email=from_email,
            reply_to=[lab.email] if lab is not None and lab.email else None,
            attachments=attachments,
        )
    return entry
