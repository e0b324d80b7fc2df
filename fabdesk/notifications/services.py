"""notify(): the one service every capability uses to tell a person something; and the
person's own actions on their notifications (read, preferences)."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fabdesk.core.errors import Forbidden, NotFound

from .kinds import NotificationKind, kind_get
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


def _render_text(name: str, context: dict[str, Any]) -> str:
    """Render a plain-text template without HTML escaping ("L'atelier", not "L&#x27;atelier")."""
    return get_template(name).template.render(Context(context, autoescape=False))


def notification_render(
    *, recipient, kind: NotificationKind, context: dict[str, Any] | None = None, url: str = ""
) -> tuple[str, str, str]:
    """(subject, text body, HTML body) of a kind's message, in the recipient's language.
    A kind without its own `_body.html` gets its text body in the shared mail layout."""
    absolute_url = f"{settings.SITE_URL}{url}" if url.startswith("/") else url
    ctx = {
        "recipient": recipient,
        "lab": getattr(recipient, "lab", None),
        "url": absolute_url,
        "site_url": settings.SITE_URL,
        **(context or {}),
    }
    stem = kind.template_stem
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = " ".join(_render_text(f"{stem}_subject.txt", ctx).split())
        body = _render_text(f"{stem}_body.txt", ctx).strip()
        ctx.update(subject=subject, body=body)
        try:
            html_body = render_to_string(f"{stem}_body.html", ctx)
        except TemplateDoesNotExist:
            html_body = render_to_string("notifications/mail/text.html", ctx)
    return subject, body, html_body


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
    subject, body, html_body = notification_render(
        recipient=recipient, kind=kind_obj, context=context, url=url
    )
    entry = None
    if in_app:
        entry = Notification.objects.create(
            recipient=recipient, kind=kind, title=subject[:200], body=body, url=url
        )
    if by_email and recipient.email:
        _mail_rendered(
            recipient=recipient,
            rendered=(subject, body, html_body),
            attachments=attachments,
        )
    return entry


def _mail_rendered(*, recipient, rendered: tuple[str, str, str], attachments=None) -> None:
    """Queue a rendered message to `recipient.email`, sent in the name of their lab."""
    subject, body, html_body = rendered
    lab = getattr(recipient, "lab", None)
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


def mail_without_account(
    *,
    recipient,
    kind: NotificationKind,
    context: dict[str, Any] | None = None,
    url: str = "",
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> None:
    """Mail someone who has no account (a visitor: any object with `email`, `language`,
    `lab` and a name), rendered like `notify` in their language; no in-app entry, no
    preferences. The mail leaves after the current transaction commits."""
    rendered = notification_render(recipient=recipient, kind=kind, context=context, url=url)
    _mail_rendered(recipient=recipient, rendered=rendered, attachments=attachments)


def notification_open(*, user, notification_id: int) -> Notification:
    """Mark one of the user's own notifications as read and return it. Another person's
    notification is reported as not found: its existence is none of the user's business."""
    entry = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if entry is None:
        raise NotFound(_("This notification does not exist."), code="notification_not_found")
    if entry.read_at is None:
        entry.read_at = timezone.now()
        entry.save(update_fields=["read_at"])
    return entry


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of the user as read; returns how many were."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_preferences_set(*, user, choices: dict[str, tuple[bool, bool]]) -> None:
    """Store the user's (by_email, in_app) choice for each kind in `choices`. Mandatory kinds
    (invoices, security) cannot be turned off, whatever the request says."""
    for key, (by_email, in_app) in choices.items():
        kind = kind_get(key)
        if kind.mandatory and not (by_email and in_app):
            raise Forbidden(
                _("“%(kind)s” messages are mandatory and cannot be turned off.")
                % {"kind": kind.label},
                code="mandatory_kind",
            )
        NotificationPreference.objects.update_or_create(
            user=user, kind=key, defaults={"by_email": by_email, "in_app": in_app}
        )
