"""`fabdesk training-reminders`: remind members whose certification expires soon (once per
certification, the training's number of days before). Run it daily (a systemd timer or cron)."""

from django.core.management.base import BaseCommand

from fabdesk.training.reminders import certifications_remind, certifications_remind_task


class Command(BaseCommand):
    help = (
        "Remind members whose certification expires within its training's reminder window, "
        "once per certification. Safe to run as often as you like; run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the reminders as a background task instead of running them here.",
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            queued = certifications_remind_task.enqueue()
            self.stdout.write(f"Certification reminders queued ({queued.id}).")
            return
        result = certifications_remind()
        self.stdout.write(
            f"{len(result.reminded)} member(s) reminded, {result.skipped} skipped "
            "(renewed since, or account not active)."
        )
