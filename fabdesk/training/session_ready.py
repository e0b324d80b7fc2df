"""What the sessions part registers when the app starts: its notification kinds and its
home-page panels (called from TrainingConfig.ready())."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from fabdesk.core.panels import register_panel
    from fabdesk.notifications.kinds import register_kind

    from .session_panels import member_home_panel_context, today_panel_context

    kinds = {
        "training.enrolled": (
            _("Enrolled in a training session"),
            _("Confirmation of your seat in a training session."),
        ),
        "training.waitlisted": (
            _("On a training session's waitlist"),
            _("The session is full: your place on its waitlist."),
        ),
        "training.promoted": (
            _("A seat freed up for you"),
            _("You were on the waitlist and a seat is now yours."),
        ),
        "training.enrolment_cancelled": (
            _("Training enrolment cancelled"),
            _("Your seat or waitlist place was given up (by you or the staff)."),
        ),
        "training.session_cancelled": (
            _("Training session cancelled"),
            _("A session you enrolled in is cancelled (by the staff, or too few participants)."),
        ),
        "training.session_changed": (
            _("Training session moved"),
            _("The date or the place of a session you enrolled in changed."),
        ),
    }
    for key, (label, description) in kinds.items():
        register_kind(key, label=label, description=description)
    register_panel(
        page="member_home",
        template="training/panels/member_next_session.html",
        context=member_home_panel_context,
        order=15,
    )
    register_panel(
        page="today",
        template="training/panels/today_sessions.html",
        context=today_panel_context,
        order=15,
    )
