"""The checks every booking goes through, shared by creating and moving a booking and by
blocks: one code path for machines and spaces.

- `resource_of` / `lock_resource`: which machine or space, its row locked for the rest of the
  transaction (two bookings of one resource are checked and written one after the other);
- `check_times`: aware, ordered, aligned on the rule's step, not in the past;
- `check_bookable` / `check_people`: the resource can be booked now, by that many people;
- `limit_refusals` + `access_refusal`: what staff may lift with a written reason (duration,
  notice, advance, opening hours, weekly hours; the certification of a machine);
- `check_room`: under the lock, that nothing overlaps a machine's booking (409 `slot_taken`)
  or that a space keeps a place for everyone (409 `space_full`). Nobody lifts this one."""

import datetime as dt

from django.db.models import DurationField, ExpressionWrapper, F, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fabdesk.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from fabdesk.equipment.models import Machine, MachineStatus, Space
from fabdesk.schedule.selectors import is_open_between
from fabdesk.training.certification_check import account_refusals, certification_check

from .models import BookingKind, BookingRule
from .selectors import active_bookings, occupancy, overlapping, space_capacity, target

ACCOUNT_CODES = {"account_disabled", "account_suspended", "account_pending"}
Resource = Machine | Space


def resource_of(machine: Machine | None, space: Space | None) -> Resource:
    if (machine is None) == (space is None):
        raise Invalid(_("Choose either a machine or a space."), code="machine_or_space")
    return machine if machine is not None else space


def capacity_of(resource: Resource) -> int:
    return space_capacity(resource) if isinstance(resource, Space) else 1


def lock_resource(resource: Resource, *, lab_id: int) -> Resource:
    """The resource's row, read again and locked until the transaction ends (on SQLite the
    IMMEDIATE transaction already holds the write lock). Only `resource.pk` is used. 404 for
    a resource of another lab."""
    model = type(resource)
    locked = (
        model.objects.select_related("lab")
        .select_for_update(of=("self",))
        .filter(pk=resource.pk, lab_id=lab_id)
        .first()
    )
    if locked is None:
        raise NotFound(
            _("There is no such space in this lab.")
            if model is Space
            else _("There is no such machine in this lab.")
        )
    return locked


def _misaligned(start: dt.datetime, end: dt.datetime, step_minutes: int) -> bool:
    step = dt.timedelta(minutes=step_minutes)
    local_start = timezone.localtime(start, timezone.get_current_timezone())
    midnight = local_start.replace(hour=0, minute=0, second=0, microsecond=0)
    return bool((local_start - midnight) % step or (end - start) % step)


def check_range(start: dt.datetime, end: dt.datetime) -> None:
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise Invalid(
            _("Give the start and end with their time zone offset (e.g. 2025-03-01T10:00+01:00)."),
            code="naive_datetime",
        )
    if end <= start:
        raise Invalid(_("The end must come after the start."), code="bad_range", field="end")


def check_times(*, start: dt.datetime, end: dt.datetime, rule: BookingRule) -> None:
    """Run in the lab's time zone (steps are counted from the lab's midnight)."""
    check_range(start, end)
    if _misaligned(start, end, rule.slot_minutes):
        raise Invalid(
            ngettext(
                "Bookings start and end on a step of %(step)d minute.",
                "Bookings start and end on steps of %(step)d minutes.",
                rule.slot_minutes,
            )
            % {"step": rule.slot_minutes},
            code="misaligned",
        )
    if start < timezone.now():
        raise Invalid(_("This time is in the past."), code="in_the_past", field="start")


def check_bookable(resource: Resource) -> None:
    if isinstance(resource, Space):
        if not resource.bookable:
            raise Invalid(_("“%(space)s” cannot be booked.") % {"space": resource.name},
                          code="space_unavailable")  # fmt: skip
        return
    if not resource.bookable or resource.status != MachineStatus.IN_SERVICE:
        raise Invalid(
            _("“%(machine)s” cannot be booked at the moment (%(status)s).")
            % {
                "machine": resource.name,
                "status": resource.get_status_display() if resource.bookable else _("not bookable"),
            },
            code="machine_unavailable",
        )


def check_people(resource: Resource, people: int) -> None:
    if people < 1:
        raise Invalid(_("A booking is for one person at least."), code="bad_people",
                      field="people")  # fmt: skip
    capacity = capacity_of(resource)
    if people > capacity:
        message = (
            ngettext(
                "“%(space)s” holds %(capacity)d person.",
                "“%(space)s” holds %(capacity)d people.",
                capacity,
            )
            % {"space": resource.name, "capacity": capacity}
            if isinstance(resource, Space)
            else _("A machine is booked for one person.")
        )
        raise Invalid(message, code="too_many_people", field="people")


def _week_bounds(moment: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Monday 00:00 to the next Monday 00:00, in the current (the lab's) time zone."""
    local = timezone.localtime(moment)
    monday = local.date() - dt.timedelta(days=local.weekday())
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(monday, dt.time(0), tzinfo=tz)
    return start, dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(0), tzinfo=tz)


def _hours(minutes: int) -> str:
    return f"{minutes / 60:g}"


def _weekly_refusal(
    *, resource: Resource, member, start, end, rule: BookingRule, exclude_pk: int | None
) -> Invalid | None:
    if rule.max_hours_per_week is None:
        return None
    week_start, week_end = _week_bounds(start)
    length = ExpressionWrapper(F("end") - F("start"), output_field=DurationField())
    booked = (
        active_bookings()
        .filter(**target(resource), member=member, kind=BookingKind.BOOKING,
                start__gte=week_start, start__lt=week_end)
        .exclude(pk=exclude_pk)
        .aggregate(total=Sum(length))
    )["total"] or dt.timedelta()  # fmt: skip
    if booked + (end - start) <= dt.timedelta(hours=rule.max_hours_per_week):
        return None
    return Invalid(
        _("You may book “%(name)s” for at most %(limit)d hours a week; you already have "
          "%(booked)s hours booked that week.")
        % {"name": resource.name, "limit": rule.max_hours_per_week,
           "booked": _hours(int(booked.total_seconds() // 60))},
        code="weekly_limit",
    )  # fmt: skip


def limit_refusals(
    *, resource: Resource, member, start: dt.datetime, end: dt.datetime, rule: BookingRule,
    opening_hours_apply: bool, exclude_pk: int | None = None,
) -> list[DomainError]:  # fmt: skip
    """The member limits this booking breaks (staff may lift them with a reason). Run in the
    lab's time zone. `exclude_pk`: the booking being moved does not count against itself."""
    name = resource.name
    refusals: list[DomainError] = []
    minutes = int((end - start).total_seconds() // 60)
    if minutes < rule.min_minutes:
        refusals.append(Invalid(
            _("A booking of “%(name)s” lasts at least %(minutes)d minutes.")
            % {"name": name, "minutes": rule.min_minutes}, code="too_short"))  # fmt: skip
    if minutes > rule.max_minutes:
        refusals.append(Invalid(
            _("A booking of “%(name)s” lasts at most %(hours)s hours.")
            % {"name": name, "hours": _hours(rule.max_minutes)}, code="too_long"))  # fmt: skip
    now = timezone.now()
    if start < now + dt.timedelta(minutes=rule.notice_minutes):
        refusals.append(Invalid(
            _("“%(name)s” must be booked at least %(minutes)d minutes ahead.")
            % {"name": name, "minutes": rule.notice_minutes}, code="too_soon"))  # fmt: skip
    if start > now + dt.timedelta(days=rule.advance_days):
        refusals.append(Invalid(
            _("“%(name)s” can be booked at most %(days)d days ahead.")
            % {"name": name, "days": rule.advance_days}, code="too_far_ahead"))  # fmt: skip
    if opening_hours_apply and not is_open_between(lab=resource.lab, start=start, end=end):
        refusals.append(Invalid(
            _("The lab is not open for the whole of this time: book within the opening hours."),
            code="outside_opening_hours"))  # fmt: skip
    weekly = _weekly_refusal(resource=resource, member=member, start=start, end=end, rule=rule,
                             exclude_pk=exclude_pk)  # fmt: skip
    if weekly is not None:
        refusals.append(weekly)
    return refusals


def access_refusal(
    *, resource: Resource, member, start: dt.datetime, rule: BookingRule
) -> Forbidden | None:
    """Why the member may not use the resource at `start`, or None. A refused account
    (suspended, pending, disabled) is raised at once: no exception lifts it. A machine asks the
    one certification check (ADR 0008); a space needs no certification."""
    if isinstance(resource, Space):
        account = account_refusals(member)
        if account:
            raise Forbidden(" ".join(r.message for r in account), code=account[0].code)
        return None
    result = certification_check(member=member, machine=resource, at=start)
    reasons = result.reasons
    account = [reason.message for reason in reasons if reason.code in ACCOUNT_CODES]
    if account:
        raise Forbidden(" ".join(account), code="not_certified")
    if not rule.requires_certification:
        reasons = [reason for reason in reasons if reason.code in ACCOUNT_CODES]
    if result.allowed or not reasons:
        return None
    return Forbidden(" ".join(reason.message for reason in reasons), code="not_certified")


def slot_taken() -> Conflict:
    return Conflict(
        _("This slot is already booked (or the machine is being cleaned or cooled after the "
          "previous booking). Choose another time."),
        code="slot_taken",
    )  # fmt: skip


def _space_full(space: Space, *, left: int, at: dt.datetime, people: int) -> Conflict:
    when = date_format(timezone.localtime(at, space.lab.tzinfo), "DATETIME_FORMAT")
    if left <= 0:
        message = _("“%(space)s” is full at %(when)s: choose another time.") % {
            "space": space.name, "when": when}  # fmt: skip
    else:
        message = ngettext(
            "Only %(left)d place is left in “%(space)s” at %(when)s (you asked for %(people)d).",
            "Only %(left)d places are left in “%(space)s” at %(when)s (you asked for %(people)d).",
            left,
        ) % {"left": left, "space": space.name, "when": when, "people": people}
    return Conflict(message, code="space_full")


def check_room(
    *, resource: Resource, start: dt.datetime, blocked_until: dt.datetime, people: int,
    exclude_pk: int | None = None,
) -> None:  # fmt: skip
    """Under the resource's lock: a machine must be free over [start, blocked_until); a space
    must keep `people` places at every instant of it (a sweep over the bookings met)."""
    met = overlapping(**target(resource), start=start, blocked_until=blocked_until,
                      exclude_pk=exclude_pk)  # fmt: skip
    if isinstance(resource, Machine):
        if met.exists():
            raise slot_taken()
        return
    rows = met.values_list("start", "blocked_until", "people")
    load = occupancy((max(begin, start), min(until, blocked_until), n) for begin, until, n in rows)
    capacity = space_capacity(resource)
    peak = max(load, key=lambda piece: piece[2], default=None)
    if peak is not None and peak[2] + people > capacity:
        raise _space_full(resource, left=capacity - peak[2], at=peak[0], people=people)


def raise_unless_lifted(refusals: list[DomainError], *, staff: bool, override_reason: str) -> None:
    """Staff lift the member limits and the certification with a written reason; anyone else
    gets the first refusal."""
    if refusals and not (staff and override_reason):
        raise refusals[0]
