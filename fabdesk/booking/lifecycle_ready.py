"""What the booking lifecycle registers when the app is ready: notification kinds, the
receiver of machine status changes, the staff panel of bookings to move."""

from django.utils.translation import gettext_lazy as _

from fabdesk.core.panels import register_panel
from fabdesk.equipment.signals import machine_status_changed
from fabdesk.notifications.kinds import register_kind

from .lifecycle_panels import bookings_to_move_panel_context
from .signals import flag_bookings_of_unavailable_machine


def connect_lifecycle() -> None:
    register_kind(
        "booking.reminder",
        label=_("Booking reminders"),
        description=_("A reminder some hours before a machine you booked."),
    )
    register_kind(
        "booking.cancelled",
        label=_("Bookings cancelled by the staff"),
        description=_("When the lab's staff cancel one of your bookings."),
    )
    register_kind(
        "booking.moved",
        label=_("Bookings moved by the staff"),
        description=_("When the lab's staff move one of your bookings to another time."),
    )
    register_kind(
        "booking.machine_unavailable",
        label=_("Booked machine unavailable"),
        description=_("When a machine you booked breaks down or goes into maintenance."),
    )
    machine_status_changed.connect(
        flag_bookings_of_unavailable_machine, dispatch_uid="booking.flag_on_machine_status"
    )
    register_panel(
        page="today",
        template="booking/panels/bookings_to_move.html",
        context=bookings_to_move_panel_context,
        order=15,
    )
