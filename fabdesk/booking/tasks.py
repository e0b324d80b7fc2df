"""Background tasks of the booking lifecycle (the same work as the commands
`fabdesk booking-no-shows` and `fabdesk booking-reminders`)."""

from django_tasks import task

from .lifecycle import bookings_close_forgotten, bookings_mark_no_shows, bookings_send_reminders


@task()
def bookings_no_shows_task() -> dict[str, list[int]]:
    """Mark the no-shows and close the bookings checked in but never closed."""
    return {
        "no_shows": [booking.pk for booking in bookings_mark_no_shows()],
        "closed": [booking.pk for booking in bookings_close_forgotten()],
    }


@task()
def bookings_reminders_task() -> list[int]:
    """Send the booking reminders that are due. Returns the ids of the bookings reminded."""
    return [booking.pk for booking in bookings_send_reminders()]
