"""Home-page panels about sessions: the member's next session, and on the staff "today"
page the day's sessions with their fill rate and the sessions at risk of auto-cancelling."""

import datetime as dt

from django.utils import timezone

from fabdesk.core.timeutils import at_wall_clock, lab_today

from .models import Enrolment, TrainingSession
from .session_permissions import can_manage_sessions
from .session_selectors import session_list

AT_RISK_WITHIN = dt.timedelta(days=7)
SHOWN = 8


def member_home_panel_context(request) -> dict | None:
    user = request.user
    if not user.is_authenticated:
        return None
    upcoming = (
        Enrolment.objects.filter(
            member=user,
            status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED],
            session__status=TrainingSession.Status.SCHEDULED,
            session__ends_at__gt=timezone.now(),
        )
        .select_related("session", "session__training", "session__space")
        .order_by("session__starts_at")
    )
    first = upcoming.first()
    if first is None:
        return None
    return {"enrolment": first, "session": first.session, "more": upcoming.count() - 1}


def today_panel_context(request) -> dict | None:
    lab = getattr(request, "lab", None)
    if lab is None or not can_manage_sessions(request.user, lab.pk):
        return None
    now = timezone.now()
    day = lab_today(lab.tzinfo)
    start = at_wall_clock(day, dt.time(0), lab.tzinfo)
    end = at_wall_clock(day + dt.timedelta(days=1), dt.time(0), lab.tzinfo)
    today = list(session_list(lab=lab, start=start, end=end)[:SHOWN])
    at_risk = [
        session
        for session in session_list(lab=lab, start=now, end=now + AT_RISK_WITHIN)
        if session.training.auto_cancel_hours is not None
        and session.enrolled_count < session.training.min_participants
    ][:SHOWN]
    if not today and not at_risk:
        return None
    for session in [*today, *at_risk]:
        session.auto_cancel_at = (
            session.starts_at - dt.timedelta(hours=session.training.auto_cancel_hours)
            if session.training.auto_cancel_hours is not None
            else None
        )
    return {"today": today, "at_risk": at_risk}
