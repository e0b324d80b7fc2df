"""Reads about API tokens."""

import hashlib

from django.db.models import QuerySet

from .models import ApiToken


def secret_hash(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def token_list(*, user) -> QuerySet[ApiToken]:
    """The person's own tokens, newest first (revoked ones included, for the record)."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-id")


def token_get_for_owner(*, user, token_id: int) -> ApiToken | None:
    """One of the person's own tokens; None for anyone else's (callers answer 404)."""
    return ApiToken.objects.filter(user=user, pk=token_id).first()


def token_find(*, plaintext: str) -> ApiToken | None:
    """The token whose secret this is, with its owner, or None."""
    return (
        ApiToken.objects.select_related("user", "user__lab")
        .filter(secret_hash=secret_hash(plaintext))
        .first()
    )
