from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "fabdesk.events"
    label = "events"
    verbose_name = _("Workshops and events")

    def ready(self) -> None:
        from fabdesk.notifications.kinds import register_kind

        register_kind(
            "events.registration",
            label=_("My event registrations"),
            description=_(
                "Your seats at workshops and events: confirmed, on the waitlist, given a seat "
                "from the waitlist, moved or cancelled; with the event for your calendar."
            ),
        )
        register_kind(
            "events.event_cancelled",
            label=_("Events cancelled"),
            description=_("An event you registered for is cancelled."),
            mandatory=True,
        )
