"""The addresses of events and the attendee's signed links.

A registration's links carry its random token signed with the site's secret (a salt per
use): the confirmation link expires after `CONFIRM_MAX_AGE`; the manage link (see, cancel)
lives as long as the registration. A link that was cut or changed is refused with a clear
message and changes nothing."""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from fabdesk.core.errors import Invalid, NotFound

from .models import Event, Registration

CONFIRM_SALT = "fabdesk.events.confirm"
MANAGE_SALT = "fabdesk.events.manage"
CONFIRM_MAX_AGE = dt.timedelta(hours=48)


def event_path(event: Event) -> str:
    """The event's page: its secret address for a private event (the only one a visitor
    can open), else `/events/<id>-<slug>/`."""
    if not event.is_public:
        return reverse("events:private", args=[event.secret_token])
    return reverse("events:detail", args=[event.pk, event.slug or slugify(event.title) or "event"])


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def confirm_link(registration: Registration) -> str:
    """The signed part of the confirmation address."""
    return signing.dumps(registration.token, salt=CONFIRM_SALT)


def manage_link(registration: Registration) -> str:
    """The signed part of the address where the attendee sees or cancels their registration."""
    return signing.dumps(registration.token, salt=MANAGE_SALT)


def confirm_path(registration: Registration) -> str:
    return reverse("events:confirm", args=[confirm_link(registration)])


def manage_path(registration: Registration) -> str:
    return reverse("events:registration", args=[manage_link(registration)])


def _bad_link() -> Invalid:
    return Invalid(
        _(
            "This link is not valid: it may have been cut or changed. Open it again from the "
            "mail, copying the whole address."
        ),
        code="bad_link",
    )


def _registration_by_token(token) -> Registration:
    if not isinstance(token, str):
        raise _bad_link()
    registration = Registration.objects.filter(token=token).first()
    if registration is None:
        raise NotFound(_("This registration does not exist any more."), code="not_found")
    return registration


def registration_from_confirm_link(signed: str) -> Registration:
    try:
        token = signing.loads(signed, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise Invalid(
            _("This confirmation link has expired (after 48 hours): please register again."),
            code="link_expired",
        ) from None
    except signing.BadSignature:
        raise _bad_link() from None
    return _registration_by_token(token)


def registration_from_manage_link(signed: str) -> Registration:
    try:
        token = signing.loads(signed, salt=MANAGE_SALT)
    except signing.BadSignature:
        raise _bad_link() from None
    return _registration_by_token(token)
