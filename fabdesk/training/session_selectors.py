"""Reads about sessions and enrolments, with their joins and seat counts done in the query."""

import datetime as dt

from django.db.models import Count, Q, QuerySet

from .models import Enrolment, TrainingSession

ENROLLED, WAITLISTED = Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED


def with_counts(sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    return sessions.select_related("training", "training__lab", "trainer", "space").annotate(
        enrolled_count=Count("enrolments", filter=Q(enrolments__status=ENROLLED)),
        waitlisted_count=Count("enrolments", filter=Q(enrolments__status=WAITLISTED)),
    )


def session_list(
    *,
    lab,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    training_id: int | None = None,
    include_cancelled: bool = False,
) -> QuerySet[TrainingSession]:
    """The lab's sessions starting in [start, end), soonest first, with seat counts."""
    sessions = TrainingSession.objects.filter(training__lab=lab)
    if start is not None:
        sessions = sessions.filter(starts_at__gte=start)
    if end is not None:
        sessions = sessions.filter(starts_at__lt=end)
    if training_id is not None:
        sessions = sessions.filter(training_id=training_id)
    if not include_cancelled:
        sessions = sessions.filter(status=TrainingSession.Status.SCHEDULED)
    return with_counts(sessions).order_by("starts_at", "pk")


def session_roster(*, session: TrainingSession) -> QuerySet[Enrolment]:
    """Members enrolled then waiting, each in the order they joined."""
    return (
        session.enrolments.filter(status__in=[ENROLLED, WAITLISTED])
        .select_related("member")
        .order_by("status", "created_at", "id")  # "enrolled" sorts before "waitlisted"
    )


def enrolments_of_member(*, member) -> QuerySet[Enrolment]:
    """A member's enrolments, live and past, with their session and training."""
    return (
        Enrolment.objects.filter(member=member)
        .select_related("session", "session__training", "session__training__lab", "session__space")
        .order_by("session__starts_at", "id")
    )


def waitlist_positions(*, session_ids) -> dict[int, int]:
    """{enrolment id: position on its session's waitlist} for the given sessions."""
    positions, seen = {}, {}
    waiting = Enrolment.objects.filter(session_id__in=session_ids, status=WAITLISTED).order_by(
        "session_id", "created_at", "id"
    )
    for enrolment_id, session_id in waiting.values_list("pk", "session_id"):
        seen[session_id] = seen.get(session_id, 0) + 1
        positions[enrolment_id] = seen[session_id]
    return positions


def session_for_update(*, session_id: int) -> TrainingSession:
    """The session row, locked until the transaction ends (only the session's own row: its
    training and lab are read along, not locked). Services deciding about seats or the
    session's state read it this way, so two decisions never overlap."""
    return (
        TrainingSession.objects.select_for_update(of=("self",))
        .select_related("training", "training__lab")
        .get(pk=session_id)
    )
