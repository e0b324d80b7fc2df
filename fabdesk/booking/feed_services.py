"""The member's private calendar feed address: create (a new secret; the old one stops
working), revoke, and find the member behind a secret. Only the secret's SHA-256 hash is
stored (docs/adr/0005), so the address is shown once, when it is made."""

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .feed_models import CalendarFeedToken

LAST_USED_PRECISION_SECONDS = 60


def feed_secret_hash(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def _revoke_active(user) -> int:
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def feed_token_create(*, user) -> str:
    """A new secret for `user`'s feed; any earlier address stops working at once. Returns the
    plaintext secret, which is not stored anywhere."""
    # Lock the member's row so two clicks at once leave one active address.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    _revoke_active(user)
    plaintext = secrets.token_urlsafe(32)
    CalendarFeedToken.objects.create(user=user, secret_hash=feed_secret_hash(plaintext))
    return plaintext


@transaction.atomic
def feed_token_revoke(*, user) -> bool:
    """Stop the member's feed address; True if there was one."""
    return bool(_revoke_active(user))


def feed_token_active(*, user) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_member_for(*, plaintext: str):
    """The active member whose feed secret this is, or None (unknown or revoked). Notes the
    use at most once a minute."""
    token = (
        CalendarFeedToken.objects.select_related("user", "user__lab")
        .filter(secret_hash=feed_secret_hash(plaintext), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    last = token.last_used_at
    if last is None or (now - last).total_seconds() >= LAST_USED_PRECISION_SECONDS:
        CalendarFeedToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
