from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "fabdesk.booking"
    label = "booking"
    verbose_name = _("Bookings")

    def ready(self) -> None:
        from .lifecycle_ready import connect_lifecycle
        from .panels import register_booking_panels
        from .sections import register_booking_sections

        register_booking_panels()
        register_booking_sections()

        connect_lifecycle()
