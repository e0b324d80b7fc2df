"""`fabdesk booking-no-shows`: count the bookings nobody checked in as no-shows (the rule's
delay after their start), and close those checked in but never closed once they end. Run it
every 5 minutes (a systemd timer or cron)."""

from django.core.management.base import BaseCommand

from fabdesk.booking.lifecycle import bookings_close_forgotten, bookings_mark_no_shows
from fabdesk.booking.tasks import bookings_no_shows_task


class Command(BaseCommand):
    help = (
        "Mark confirmed bookings not checked in after the rule's delay as no-shows, and close "
        "bookings checked in but never closed once they end. Safe to run as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the work as a background task instead of running it here.",
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            queued = bookings_no_shows_task.enqueue()
            self.stdout.write(f"No-show check queued ({queued.id}).")
            return
        no_shows = bookings_mark_no_shows()
        closed = bookings_close_forgotten()
        self.stdout.write(f"{len(no_shows)} no-show(s) marked, {len(closed)} booking(s) closed.")
