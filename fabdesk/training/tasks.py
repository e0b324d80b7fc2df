"""Background tasks of the training sessions."""

from django_tasks import task

from .session_services import sessions_auto_cancel


@task()
def sessions_auto_cancel_task() -> list[int]:
    """The hourly auto-cancel of too-small sessions (see `fabdesk training-auto-cancel`).
    Returns the ids of the sessions cancelled."""
    return [session.pk for session in sessions_auto_cancel()]
