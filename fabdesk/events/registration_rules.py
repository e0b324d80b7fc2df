"""The checks a registration must pass, shared by the service (which raises them) and the
event page (which shows the reason instead of the form). Every refusal is a domain error
with a code and a message a person can act on."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fabdesk.core.errors import DomainError, Forbidden, Invalid, NotFound

from .models import Audience, Event, EventSeries, EventStatus, TicketCategory
from .permissions import token_matches
from .seats import Pool


def local(moment: dt.datetime, lab) -> str:
    return date_format(timezone.localtime(moment, lab.tzinfo), "DATETIME_FORMAT")


def closes_at(event: Event) -> dt.datetime:
    return event.registration_closes_at or event.starts_at


def window_refusal(*, rules: Event | None, now: dt.datetime, staff: bool) -> DomainError | None:
    """Why nobody may register now (None: they may). Staff skip the opening and closing
    dates, not a cancelled or finished event."""
    if rules is None:
        return Invalid(_("This course has no session yet."), code="no_session")
    if rules.status == EventStatus.CANCELLED:
        return Invalid(_("This event is cancelled."), code="event_cancelled")
    if not rules.registration_enabled:
        return Invalid(
            _("This event needs no registration: just come along."), code="registration_disabled"
        )
    if rules.ends_at <= now:
        return Invalid(_("This event is over."), code="event_past")
    if staff:
        return None
    if rules.status != EventStatus.PUBLISHED:
        return NotFound(_("This event does not exist."), code="not_found")
    if rules.starts_at <= now:
        return Invalid(
            _("This event has already started: registration is closed."), code="event_started"
        )
    if rules.registration_opens_at and rules.registration_opens_at > now:
        return Invalid(
            _("Registration opens on %(when)s.")
            % {"when": local(rules.registration_opens_at, rules.lab)},
            code="registration_not_open",
        )
    if closes_at(rules) <= now:
        return Invalid(_("Registration for this event is closed."), code="registration_closed")
    return None


def check_access(*, rules: Event, member, staff: bool, access_token: str) -> None:
    """A private event: only with its link, by invitation, or for staff."""
    if staff or rules.is_public or token_matches(rules, access_token):
        return
    if member is not None and rules.invited.filter(pk=member.pk).exists():
        return
    raise NotFound(_("This event does not exist."), code="not_found")


def check_member(member) -> None:
    if not member.is_active:
        raise Forbidden(_("This account is disabled."), code="account_disabled")
    if member.status == "suspended":
        raise Forbidden(
            _("Your account is suspended: ask the lab's staff."), code="account_suspended"
        )


def check_category(*, category: TicketCategory, pool: Pool, member, seats) -> int:
    """The category belongs to this event and is on sale to this person; the seats are a
    whole number within its limit. Returns the seats as an int."""
    if isinstance(pool, EventSeries):
        belongs = category.series_id == pool.pk
    else:
        belongs = category.event_id == pool.pk
    if not belongs:
        raise Invalid(
            _("Choose one of this event's tickets."), code="bad_category", field="category"
        )
    if not category.is_active:
        raise Invalid(
            _("The ticket “%(name)s” is no longer on sale.") % {"name": category.name},
            code="category_unavailable",
            field="category",
        )
    if category.audience == Audience.MEMBER and (member is None or member.lab_id != pool.lab_id):
        raise Invalid(
            _("The ticket “%(name)s” is for the lab's members: log in first, or choose another.")
            % {"name": category.name},
            code="members_only",
            field="category",
        )
    try:
        seats = int(seats)
    except (TypeError, ValueError):
        seats = 0
    if seats < 1:
        raise Invalid(_("Ask for at least one seat."), code="invalid_seats", field="seats")
    if seats > category.max_seats:
        raise Invalid(
            ngettext(
                "At most %(max)s seat per registration with the ticket “%(name)s”.",
                "At most %(max)s seats per registration with the ticket “%(name)s”.",
                category.max_seats,
            )
            % {"max": category.max_seats, "name": category.name},
            code="too_many_seats",
            field="seats",
        )
    if pool.capacity is not None and seats > pool.capacity:
        raise Invalid(
            _("This event has %(capacity)s seats in all: ask for fewer.")
            % {"capacity": pool.capacity},
            code="too_many_seats",
            field="seats",
        )
    return seats


def clean_visitor(*, name: str, email: str) -> tuple[str, str]:
    name = " ".join((name or "").split())
    email = (email or "").strip().lower()
    if not name:
        raise Invalid(_("Give your name."), code="name_missing", field="name")
    if len(name) > 150:
        raise Invalid(_("This name is too long."), code="name_too_long", field="name")
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid(
            _("“%(email)s” is not an email address we can write to.") % {"email": email},
            code="invalid_email",
            field="email",
        ) from None
    return name, email
