"""Domain errors: what a service raises when a rule says no.

Each carries a message a person can act on and a stable `code` for the API. Views turn them
into form errors or flash messages; the API turns them into JSON with the matching status
(see fabdesk/api.py). Never raise a bare Exception from a service."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 422
    default_code = "invalid"
    default_message = _("This request cannot be carried out.")

    def __init__(self, message=None, *, code: str | None = None, field: str | None = None):
        self.message = message if message is not None else self.default_message
        self.code = code or self.default_code
        self.field = field
        super().__init__(str(self.message))


class Invalid(DomainError):
    status = 422
    default_code = "invalid"


class Forbidden(DomainError):
    status = 403
    default_code = "forbidden"
    default_message = _("You are not allowed to do this.")


class NotFound(DomainError):
    status = 404
    default_code = "not_found"
    default_message = _("Not found.")


class Conflict(DomainError):
    status = 409
    default_code = "conflict"
    default_message = _("This conflicts with existing data.")
