"""Blocks: periods staff close on a machine or a whole space (maintenance, private use).

A block is a `Booking` of kind `block` (ADR 0010): it holds the resource like a booking, so
the same lock, the same overlap check and, for a machine, PostgreSQL's exclusion constraint
keep bookings out of it. None of the member rules apply (any length, any time, closed hours
too), but it must end in the future and say why (`note`). A block ends early with
`booking_cancel` by staff, and staff move it with `booking_move`."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fabdesk.core.errors import Conflict, Forbidden, Invalid
from fabdesk.core.services import audit_record
from fabdesk.equipment.models import Machine, Space
from fabdesk.members.permissions import is_staff

from .checks import capacity_of, check_range, lock_resource, resource_of
from .models import Booking, BookingKind, BookingStatus
from .notices import notify_cancelled
from .selectors import overlapping, target
from .signals import booking_cancelled

NAMED = 3  # bookings named in a refusal; the others are counted


def _describe(bookings: list[Booking], tz) -> str:
    """“Ada Lovelace (3 Dec 2026 10:00)”, for the first few, and how many more."""
    named = [
        _("%(who)s (%(when)s)") % {
            "who": _("block: %(note)s") % {"note": b.note} if b.is_block
            else b.member.get_full_name() or b.member.email,
            "when": date_format(timezone.localtime(b.start, tz), "SHORT_DATETIME_FORMAT"),
        }
        for b in bookings[:NAMED]
    ]  # fmt: skip
    rest = len(bookings) - NAMED
    if rest > 0:
        named.append(ngettext("%(count)d more", "%(count)d more", rest) % {"count": rest})
    return ", ".join(named)


def _conflict(bookings: list[Booking], resource, *, can_cancel: bool) -> Conflict:
    names = _describe(bookings, resource.lab.tzinfo)
    message = ngettext(
        "%(count)d booking is in the way: %(names)s.",
        "%(count)d bookings are in the way: %(names)s.",
        len(bookings),
    ) % {"count": len(bookings), "names": names}
    if can_cancel:
        message += " " + _("Cancel them with the block (their members are told), or choose "
                           "another time.")  # fmt: skip
    else:
        message += " " + _("Blocks and bookings already under way cannot be cancelled this way: "
                           "choose another time.")  # fmt: skip
    return Conflict(message, code="block_conflicts")


def _cancel(bookings: list[Booking], *, actor, note: str, now: dt.datetime) -> None:
    for booking in bookings:
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
        booking.save(update_fields=["status", "cancelled_at"])
        audit_record(actor=actor, target=booking, action="booking.cancelled", reason=note)
        notify_cancelled(booking, actor=actor, reason=note)
        booking_cancelled.send(sender=Booking, booking=booking, actor=actor, refund=True,
                               by_lab=True)  # fmt: skip


@transaction.atomic
def block_create(
    *,
    actor,
    start: dt.datetime,
    end: dt.datetime,
    note: str,
    machine: Machine | None = None,
    space: Space | None = None,
    cancel_conflicting: bool = False,
) -> Booking:
    """Block `machine` or `space` from `start` to `end` (staff only), saying why in `note`.
    Bookings in the way refuse it (409 `block_conflicts`, naming them), unless
    `cancel_conflicting`: then those still to come are cancelled and their members told, all
    in this transaction. Only the primary key of `machine` / `space` is read."""
    resource = resource_of(machine, space)
    if not is_staff(actor):
        raise Forbidden(_("Only the lab's staff can block a period."), code="staff_only")
    note = (note or "").strip()
    if not note:
        raise Invalid(_("Say what the block is for (maintenance, private use…)."),
                      code="note_required", field="note")  # fmt: skip
    check_range(start, end)
    now = timezone.now()
    if end <= now:
        raise Invalid(_("A block must end in the future."), code="in_the_past", field="end")
    resource = lock_resource(resource, lab_id=actor.lab_id)
    in_the_way = list(
        overlapping(**target(resource), start=start, blocked_until=end)
        .select_related("member")
        .select_for_update(of=("self",))
        .order_by("start", "pk")
    )
    if in_the_way:
        can_cancel = all(b.status == BookingStatus.CONFIRMED and not b.is_block for b in in_the_way)
        if not (cancel_conflicting and can_cancel):
            raise _conflict(in_the_way, resource, can_cancel=can_cancel)
        for booking in in_the_way:
            booking.lab = resource.lab
        _cancel(in_the_way, actor=actor, note=note, now=now)
    try:
        block = Booking.objects.create(
            lab_id=resource.lab_id, **target(resource), kind=BookingKind.BLOCK, member=actor,
            booked_by=actor, start=start, end=end, blocked_until=end,
            people=capacity_of(resource), note=note[:300],
        )  # fmt: skip
    except IntegrityError as exc:  # the exclusion constraint: cannot happen under the lock
        raise Conflict(_("This period was booked meanwhile: try again."),
                       code="block_conflicts") from exc  # fmt: skip
    audit_record(
        actor=actor, target=block, action="booking.blocked",
        changes={"start": start.isoformat(), "end": end.isoformat(),
                 "cancelled": [b.pk for b in in_the_way]},
        reason=note,
    )  # fmt: skip
    return block
