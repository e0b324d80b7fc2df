"""`fabdesk booking-reminders`: remind members of their coming bookings, once each, the rule's
number of hours before the start. Run it every 15 minutes (a systemd timer or cron)."""

from django.core.management.base import BaseCommand

from fabdesk.booking.lifecycle import bookings_send_reminders
from fabdesk.booking.tasks import bookings_reminders_task


class Command(BaseCommand):
    help = (
        "Remind members of their coming bookings, once per booking, the booking rule's "
        "number of hours before the start. Safe to run as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the reminders as a background task instead of running them here.",
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            queued = bookings_reminders_task.enqueue()
            self.stdout.write(f"Booking reminders queued ({queued.id}).")
            return
        reminded = bookings_send_reminders()
        self.stdout.write(f"{len(reminded)} booking reminder(s) sent.")
