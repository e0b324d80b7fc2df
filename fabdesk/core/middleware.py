"""Per-request context: the lab, its time zone, and the member's chosen language."""

from django.utils import timezone, translation

from .selectors import lab_for_user


class LabMiddleware:
    """Sets request.lab, shows times in the lab's zone, and speaks the user's language.

    Runs after AuthenticationMiddleware and LocaleMiddleware: a logged-in member's saved
    language wins over the browser's; a visitor gets the language cookie or the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            # The health check must answer even when the database does not (it says so).
            request.lab = None
            return self.get_response(request)
        request.lab = lab_for_user(request.user)
        if request.lab is not None:
            timezone.activate(request.lab.tzinfo)
        language = getattr(request.user, "language", "") if request.user.is_authenticated else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def upload_limit(path: str) -> int:
    """The largest request body accepted at `path`, in bytes: FABDESK_MAX_MODEL_UPLOAD_MB
    where 3D models are uploaded (the print service), FABDESK_MAX_UPLOAD_MB elsewhere."""
    from django.conf import settings

    if path.startswith(settings.FABDESK_MODEL_UPLOAD_PATHS):
        return max(settings.FABDESK_MAX_MODEL_UPLOAD_BYTES, settings.FABDESK_MAX_UPLOAD_BYTES)
    return settings.FABDESK_MAX_UPLOAD_BYTES


class RequestSizeLimitMiddleware:
    """Refuses request bodies larger than the path's limit (`upload_limit`) with a 413 and a
    message, before anything reads them (Django's own limit leaves file uploads out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > upload_limit(request.path):
            from .views import request_too_large

            return request_too_large(request)
        return self.get_response(request)
