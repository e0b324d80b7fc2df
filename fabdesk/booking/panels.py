"""The booking panels: today's bookings per machine on the staff "today" page, a member's next
bookings on their home page, and the "Book this machine" section of a machine's page."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from fabdesk.core.timeutils import at_wall_clock, lab_today
from fabdesk.members.permissions import is_staff

from .lifecycle_actions import booking_actions
from .models import BookingKind
from .selectors import booking_list

SHOWN = 5


def today_panel_context(request) -> dict | None:
    """Today's bookings and blocks of every machine and space, grouped by what is booked,
    each with the actions its status allows (check in, close, cancel)."""
    lab = getattr(request, "lab", None)
    if lab is None or not is_staff(request.user):
        return None
    today = lab_today(lab.tzinfo)
    bookings = booking_list(
        lab=lab,
        start_from=at_wall_clock(today, dt.time(0), lab.tzinfo),
        start_to=at_wall_clock(today + dt.timedelta(days=1), dt.time(0), lab.tzinfo),
    )
    now = timezone.now()
    for booking in bookings:
        booking.actions = booking_actions(booking, staff=True, now=now)
    bookings = sorted(bookings, key=lambda b: (str(b.resource), b.resource.pk, b.start))
    return {"bookings": bookings} if bookings else None


def member_home_panel_context(request) -> dict | None:
    user = request.user
    if not user.is_authenticated or user.lab_id is None:
        return None
    mine = booking_list(
        lab=user.lab, member_id=user.pk, start_from=timezone.now(), kind=BookingKind.BOOKING
    )
    mine = list(mine[:SHOWN])
    return {"bookings": mine} if mine else None


def machine_section_context(request, machine) -> dict | None:
    """A link to the machine's week calendar; for a member, their next booking of it (with
    the check-in or close button when the time has come); for staff, the machine's rule."""
    if not machine.bookable:
        return None
    user = request.user
    next_booking = rule_url = None
    if user.is_authenticated and user.lab_id == machine.lab_id:
        now = timezone.now()
        next_booking = booking_list(
            lab=machine.lab, member_id=user.pk, machine_id=machine.pk, start_from=now,
            kind=BookingKind.BOOKING,
        ).first()  # fmt: skip
        if next_booking is not None:
            next_booking.actions = booking_actions(next_booking, staff=False, now=now)
        if is_staff(user):
            rule_url = reverse("booking:rule_new_machine", args=[machine.pk])
    return {"machine_id": machine.pk, "next_booking": next_booking, "rule_url": rule_url}


def register_booking_panels() -> None:
    from fabdesk.core.panels import register_panel
    from fabdesk.equipment.sections import register_machine_section

    register_panel(
        page="today", template="booking/panels/today.html", context=today_panel_context, order=10
    )
    register_panel(
        page="member_home",
        template="booking/panels/member_home.html",
        context=member_home_panel_context,
        order=10,
    )
    register_machine_section(
        template="booking/machine_section.html", context=machine_section_context, order=5
    )
