"""How the REST API knows who calls: an API token (`Authorization: Bearer <token>`) or, for the
browser, the logged-in session with its CSRF token. Also the API's rate limits."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.throttling import UserRateThrottle
from ninja.utils import check_csrf

from .selectors import token_find
from .services import token_record_use


class ApiError(HttpError):
    """An HTTP refusal with a stable API code (rendered by fabdesk.api)."""

    def __init__(self, status_code: int, message: str, code: str) -> None:
        super().__init__(status_code, message)
        self.code = code


def _refuse(message: str) -> AuthenticationError:
    error = AuthenticationError(message=message)
    error.code = "unauthenticated"
    return error


def _account_refusal(user) -> str | None:
    if not user.is_active:
        return _("This account is disabled.")
    if user.is_suspended:
        return _("This account is suspended.")
    return None


def _enter(request, user) -> None:
    """Make the request look like one from `user`: their lab and their language."""
    request.user = user
    request.lab = user.lab
    if user.language:
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language


class TokenAuth(HttpBearer):
    """`Authorization: Bearer fdk_…`. A header that is present but wrong is refused at once
    (401 with the reason) rather than falling through to the session."""

    def authenticate(self, request, token: str):
        found = token_find(plaintext=token.strip()) if token.strip() else None
        if found is None:
            raise _refuse(_("This API token is not valid."))
        if found.revoked_at is not None:
            raise _refuse(_("This API token has been revoked."))
        if not found.is_active:
            raise _refuse(_("This API token has expired."))
        refusal = _account_refusal(found.user)
        if refusal:
            raise _refuse(refusal)
        token_record_use(token=found)
        _enter(request, found.user)
        request.api_token = found
        return found.user


class SessionAuth(APIKeyCookie):
    """The browser's logged-in session. Unsafe methods must carry the CSRF token
    (`X-CSRFToken` header), as for any form of the site."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None  # nothing to protect: the request is anonymous
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise ApiError(403, _("CSRF check failed: send the X-CSRFToken header."), "csrf_failed")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = request.user
        if not user.is_authenticated:
            return None
        refusal = _account_refusal(user)
        if refusal:
            raise _refuse(refusal)
        return user


def missing_credentials_message() -> str:
    return _(
        "Authentication required: send an API token in the Authorization header (Bearer) or log in."
    )


def unreadable_body_message() -> str:
    return _("The request body cannot be read: send JSON.")


def too_many_requests_message() -> str:
    return _("Too many requests. Wait a moment and try again.")


class PersonRateThrottle(UserRateThrottle):
    """A generous limit per person (per IP address for anonymous calls) that stops a runaway
    script, not a person: the Django setting FABDESK_API_RATE_LIMIT, "600/m" by default,
    read at each request."""

    def get_rate(self) -> str:
        return getattr(settings, "FABDESK_API_RATE_LIMIT", "600/m")

    def allow_request(self, request) -> bool:
        self.num_requests, self.duration = self.parse_rate(self.get_rate())
        return super().allow_request(request)


def anyone(request):
    """The last authentication callback of the public endpoints: no credentials is fine."""
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


# Public endpoints (the machine catalogue, trainings, availability): credentials are optional
# and, when sent, must be right; staff who send them may see more.
PUBLIC = [TokenAuth(), SessionAuth(), anyone]
# OpenAPI's way to say the credentials are optional: an empty security requirement.
OPTIONAL_AUTH = {"security": [{}]}
