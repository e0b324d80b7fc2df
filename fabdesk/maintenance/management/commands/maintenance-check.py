"""`fabdesk maintenance-check`: tell staff about overdue maintenance plans, and put machines
in maintenance where a plan says so. Run it hourly (a systemd timer or cron)."""

from django.core.management.base import BaseCommand, CommandError

from fabdesk.core.models import Lab
from fabdesk.maintenance.services import maintenance_check
from fabdesk.maintenance.tasks import maintenance_check_task


class Command(BaseCommand):
    help = (
        "Find overdue maintenance plans: tell the lab's staff once per plan and, for plans "
        "that say so, put the machine in maintenance. Safe to run as often as you like; run "
        "it hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--lab", help="Only this lab (its code); every lab by default.")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the check as a background task instead of running it here.",
        )

    def handle(self, *args, lab: str | None = None, enqueue: bool = False, **options):
        if enqueue:
            result = maintenance_check_task.enqueue()
            self.stdout.write(f"Maintenance check queued ({result.id}).")
            return
        labs = Lab.objects.all()
        if lab:
            labs = labs.filter(slug=lab)
            if not labs:
                raise CommandError(f"No lab with the code {lab!r}.")
        for one in labs:
            result = maintenance_check(lab=one)
            self.stdout.write(
                f"{one.slug}: {result.overdue} plan(s) overdue, "
                f"{len(result.notified)} newly reported, "
                f"{len(result.put_in_maintenance)} machine(s) put in maintenance."
            )
