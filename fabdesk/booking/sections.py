"""The "Book this space" section of a bookable space's page (the machine's twin is in
panels.py): a link to the space's week calendar and, for a member, their next booking of it."""

from django.utils import timezone

from .models import BookingKind
from .selectors import active_bookings


def space_section_context(request, space) -> dict | None:
    if not space.bookable:
        return None
    user = request.user
    next_booking = None
    if user.is_authenticated and user.lab_id == space.lab_id:
        next_booking = (
            active_bookings()
            .filter(space=space, member=user, kind=BookingKind.BOOKING, end__gt=timezone.now())
            .order_by("start")
            .first()
        )
    return {"space_id": space.pk, "next_booking": next_booking}


def register_booking_sections() -> None:
    from fabdesk.equipment.sections import register_space_section

    register_space_section(
        template="booking/space_section.html", context=space_section_context, order=5
    )
