"""With the database task queue (production's), a notification's mail waits in the database
until `fabdesk db_worker` sends it."""

import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from fabdesk.notifications.services import notify

DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}
}


@pytest.fixture
def keep_signal_handlers():
    """The worker installs its own SIGINT/SIGTERM handlers; give pytest its own back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


# Transactional, like production: the mail is queued when the change commits, and the worker
# (which closes and reopens its connection between tasks) reads what was committed.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_mail_is_queued_in_the_database_and_sent_by_the_worker(member, keep_signal_handlers):
    notify(
        recipient=member,
        kind="notifications.message",
        context={"title": "Atelier soudure", "message": "Samedi 14 h."},
    )
    queued = DBTaskResult.objects.get()
    assert (queued.queue_name, queued.status) == ("mail", "READY")
    assert mail.outbox == []

    call_command(
        "db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--no-reload",
        verbosity=0,
    )  # fmt: skip

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Atelier soudure" and mail.outbox[0].to == [member.email]
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
