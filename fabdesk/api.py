"""The REST API: one NinjaAPI at /api/v1/ mounting each app's router, and the one place that
turns every refusal into JSON `{"detail": "...", "code": "..."}` with its HTTP status."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from fabdesk.billing.api import router as billing_router
from fabdesk.booking.api import router as booking_router
from fabdesk.core.errors import DomainError, Forbidden, Invalid, NotFound
from fabdesk.equipment.api import machines_router, spaces_router
from fabdesk.events.api import router as events_router
from fabdesk.fabrication.api import router as fabrication_router
from fabdesk.incidents.api import router as incidents_router
from fabdesk.members.api import me_router, members_router
from fabdesk.tokens.auth import (
    PersonRateThrottle,
    SessionAuth,
    TokenAuth,
    missing_credentials_message,
    too_many_requests_message,
    unreadable_body_message,
)
from fabdesk.training.api import router as training_router

api = NinjaAPI(
    title="Fabdesk API",
    version="1",
    description=(
        "The REST API of Fabdesk. Authenticate with `Authorization: Bearer <token>` "
        "(create a token on the API tokens page or with `fabdesk create-token`), or from the "
        "browser with the logged-in session and the `X-CSRFToken` header. Errors are JSON "
        '`{"detail": "...", "code": "..."}`. See docs/api.md.'
    ),
    urls_namespace="api-1",
    auth=[TokenAuth(), SessionAuth()],
    throttle=PersonRateThrottle(),
    # Swagger UI served from the app's own static files (ninja is in INSTALLED_APPS): no CDN.
    docs=Swagger(settings={"validatorUrl": None}),
)

api.add_router("/me", me_router, tags=["me"])
api.add_router("/members", members_router, tags=["members"])
api.add_router("/machines", machines_router, tags=["machines"])
api.add_router("/spaces", spaces_router, tags=["spaces"])
api.add_router("", incidents_router, tags=["incidents"])
api.add_router("", training_router, tags=["trainings"])
api.add_router("", booking_router, tags=["bookings"])
api.add_router("", fabrication_router, tags=["prints"])
api.add_router("", events_router, tags=["events"])
api.add_router("", billing_router, tags=["billing"])


def error_response(request, status: int, detail, code: str, **extra):
    body = {"detail": str(detail), "code": code}
    body.update({key: value for key, value in extra.items() if value is not None})
    response = api.create_response(request, body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    429: "rate_limited",
}


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    return error_response(request, exc.status, exc.message, exc.code, field=exc.field)


# Pydantic's error types worded with Django's own form messages, so that they come translated
# by Django's catalog; other types keep pydantic's (English) message.
FIELD_MESSAGES = {
    "missing": "This field is required.",
    "int_parsing": "Enter a whole number.",
    "int_type": "Enter a whole number.",
    "date_parsing": "Enter a valid date.",
    "date_from_datetime_parsing": "Enter a valid date.",
    "date_type": "Enter a valid date.",
    "literal_error": "Select a valid choice. That choice is not one of the available choices.",
    "enum": "Select a valid choice. That choice is not one of the available choices.",
    "greater_than_equal": "Ensure this value is greater than or equal to %(limit_value)s.",
    "less_than_equal": "Ensure this value is less than or equal to %(limit_value)s.",
    "string_type": "Enter a valid value.",
}


def field_message(error: dict) -> str:
    wording = FIELD_MESSAGES.get(error.get("type", ""))
    if wording is None:
        return error.get("msg", "")
    context = error.get("ctx") or {}
    limit = context.get("ge", context.get("le"))
    return gettext(wording) % {"limit_value": limit} if limit is not None else gettext(wording)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = [
        {
            "field": ".".join(str(part) for part in error.get("loc", ())),
            "message": field_message(error),
            "type": error.get("type", ""),
        }
        for error in exc.errors
    ]
    return error_response(request, 422, Invalid.default_message, "invalid", errors=errors)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error_response(request, 404, NotFound.default_message, "not_found")


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return error_response(request, 403, Forbidden.default_message, "forbidden")


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    status = exc.status_code
    code = getattr(exc, "code", None) or HTTP_CODES.get(status, "error")
    if isinstance(exc, Throttled):
        detail = too_many_requests_message()
    elif isinstance(exc, AuthenticationError) and not getattr(exc, "code", None):
        detail = missing_credentials_message()  # ninja's own "Unauthorized": no credentials
    elif status == 400:
        detail = unreadable_body_message()  # ninja could not parse the body
    else:
        detail = exc.message
    return error_response(request, status, detail, code)
