"""Telling members what happens to their seat: one helper so every message about a session
carries the same context (the session, its training, the lab's time zone, the page)."""

from django.urls import reverse

from fabdesk.notifications.services import notify

from .models import TrainingSession


def session_url(session: TrainingSession) -> str:
    return reverse("training:session_detail", args=[session.pk])


def session_notify(*, recipient, kind: str, session: TrainingSession, **context) -> None:
    """Notify `recipient` of `kind` ("training.enrolled", ...) about `session`. Dates in the
    templates are shown in the lab's time zone (`tz`), whoever runs the service."""
    notify(
        recipient=recipient,
        kind=kind,
        context={
            "session": session,
            "training": session.training,
            "tz": session.training.lab.time_zone,
            **context,
        },
        url=session_url(session),
    )
