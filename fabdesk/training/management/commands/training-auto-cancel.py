"""`fabdesk training-auto-cancel`: cancel the sessions too few members enrolled in, their
training's `auto_cancel_hours` before they start, and tell the members. Run it hourly (a
systemd timer or cron)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from fabdesk.training.session_services import sessions_auto_cancel
from fabdesk.training.tasks import sessions_auto_cancel_task


class Command(BaseCommand):
    help = (
        "Cancel the training sessions that have fewer participants than their training's "
        "minimum, the training's number of hours before they start, and tell the members "
        "enrolled. Safe to run as often as you like; run it hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the run as a background task instead of running it here.",
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            result = sessions_auto_cancel_task.enqueue()
            self.stdout.write(f"Auto-cancel of small sessions queued ({result.id}).")
            return
        cancelled = sessions_auto_cancel(now=timezone.now())
        for session in cancelled:
            self.stdout.write(f"Cancelled: {session} (session {session.pk}).")
        self.stdout.write(f"{len(cancelled)} session(s) cancelled for too few participants.")
