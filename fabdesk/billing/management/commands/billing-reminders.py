"""`fabdesk billing-reminders`: remind members whose membership ends soon (once per
subscription, its plan's number of days before) and mark expired the subscriptions whose
period is over. `--list DAYS` prints the subscriptions ending within DAYS days instead.
Run it daily (a systemd timer or cron)."""

from django.core.management.base import BaseCommand

from fabdesk.billing.reminders import (
    billing_reminders_task,
    subscriptions_expiring,
    subscriptions_remind,
)
from fabdesk.core.models import Lab


class Command(BaseCommand):
    help = (
        "Remind members whose membership ends within their plan's reminder window (once per "
        "subscription) and expire the ended subscriptions. Safe to run often; run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the run as a background task instead of running it here.",
        )
        parser.add_argument(
            "--list",
            type=int,
            metavar="DAYS",
            dest="within",
            help="Only print the subscriptions ending within DAYS days (no mail, no change).",
        )

    def handle(self, *args, enqueue: bool = False, within: int | None = None, **options):
        if within is not None:
            for lab in Lab.objects.order_by("pk"):
                for sub in subscriptions_expiring(lab=lab, within_days=within):
                    self.stdout.write(f"{sub.ends_on}\t{lab.slug}\t{sub.member.email}\t{sub.plan}")
            return
        if enqueue:
            queued = billing_reminders_task.enqueue()
            self.stdout.write(f"Membership reminders queued ({queued.id}).")
            return
        result = subscriptions_remind()
        self.stdout.write(
            f"{len(result.reminded)} member(s) reminded, {result.skipped} skipped "
            f"(renewed already, or account not active); {result.expired} subscription(s) expired."
        )
