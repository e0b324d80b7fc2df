"""`fabdesk prints-purge [--days N]`: delete the 3D files uploaded for a quote but never
submitted in a print job, N days (default 7) after their upload, with their thumbnails and
3D views. Run it daily (a systemd timer or cron); safe to run twice."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fabdesk.fabrication.job_drafts import drafts_purge

DEFAULT_DAYS = 7


class Command(BaseCommand):
    help = (
        "Delete the 3D files uploaded for a quote but never submitted in a print job, with "
        "their pictures, some days after their upload."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=f"Keep the files uploaded in the last N days (default {DEFAULT_DAYS}).",
        )

    def handle(self, *args, days: int = DEFAULT_DAYS, **options):
        if days < 1:
            raise CommandError(_("--days must be at least 1."))
        purged = drafts_purge(days=days)
        self.stdout.write(
            ngettext(
                "%(count)d file uploaded but never submitted deleted.",
                "%(count)d files uploaded but never submitted deleted.",
                purged,
            )
            % {"count": purged}
        )
