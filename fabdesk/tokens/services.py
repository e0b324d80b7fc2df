"""Rules for API tokens: creating (the secret is shown once, only its hash is kept), revoking,
and recording when a token was last used."""

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.errors import Conflict, Invalid, NotFound

from .models import ApiToken
from .selectors import secret_hash

TOKEN_PREFIX = "fdk_"  # noqa: S105 (a marker, not a secret)
PREFIX_LENGTH = 12  # "fdk_" + 8 characters of the secret, shown in lists
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def _name_taken(name: str) -> Conflict:
    return Conflict(
        _("You already have an active token named “%(name)s”.") % {"name": name},
        code="token_name_taken",
        field="name",
    )


@transaction.atomic
def token_create(
    *, user, name: str, expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it with the plaintext secret, which is never stored
    and cannot be shown again. Names are unique among the person's active tokens."""
    name = (name or "").strip()
    if not name:
        raise Invalid(_("Give the token a name."), code="required", field="name")
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise Invalid(_("This name is too long."), code="invalid", field="name")
    now = timezone.now()
    if expires_at is not None and expires_at <= now:
        raise Invalid(_("The expiry date must be in the future."), field="expires_at")
    same_name = ApiToken.objects.select_for_update().filter(
        user=user, name=name, revoked_at__isnull=True
    )
    for old in same_name:
        if old.is_active:
            raise _name_taken(name)
        # An expired token is already dead: retire it so its name can be reused.
        old.revoked_at = old.expires_at
        old.save(update_fields=["revoked_at"])
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=plaintext[:PREFIX_LENGTH],
        secret_hash=secret_hash(plaintext),
        created_at=now,
        expires_at=expires_at,
    )
    try:
        with transaction.atomic():
            token.save()
    except IntegrityError as exc:  # a concurrent request took the name in between
        raise _name_taken(name) from exc
    return token, plaintext


def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens at once. Revoking twice changes nothing."""
    if token.user_id != actor.pk:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_record_use(*, token: ApiToken) -> None:
    """Note that the token was just used, writing at most once a minute per token."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
