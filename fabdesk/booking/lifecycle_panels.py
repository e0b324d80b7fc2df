"""The staff "today" panel of bookings to move (their machine became unavailable)."""

from fabdesk.members.permissions import is_staff

from .lifecycle_selectors import flagged_bookings

SHOWN = 10


def bookings_to_move_panel_context(request) -> dict | None:
    lab = getattr(request, "lab", None)
    if lab is None or not is_staff(request.user):
        return None
    bookings = flagged_bookings(lab)
    count = bookings.count()
    if not count:
        return None
    return {"count": count, "bookings": list(bookings[:SHOWN])}
