"""`fabdesk export-fec --year YYYY [--lab SLUG] [--output FILE]`: write the FEC of a fiscal
year (the one that starts in YYYY) for the accountant. Without --output the file gets its
legal name, `<SIREN>FEC<YYYYMMDD>.txt`, in the current directory; `--output -` prints it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fabdesk.billing.closing_services import fiscal_year
from fabdesk.billing.fec import fec_export
from fabdesk.core.models import Lab


class Command(BaseCommand):
    help = "Write the FEC (fichier des écritures comptables) of a fiscal year."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--year", type=int, required=True, help="The fiscal year (the year it starts in)."
        )
        parser.add_argument("--lab", help="The lab's short name (needed when there are several).")
        parser.add_argument(
            "--output", help="Where to write it (default: its legal name here; - prints it)."
        )

    def _lab(self, slug: str | None) -> Lab:
        labs = Lab.objects.order_by("id")
        if slug:
            lab = labs.filter(slug=slug).first()
            if lab is None:
                raise CommandError(f"No lab with the short name {slug!r}.")
            return lab
        if labs.count() != 1:
            raise CommandError("Say which lab with --lab (its short name).")
        return labs.get()

    def handle(self, *args, year: int, lab: str | None = None, output: str | None = None, **opts):
        found = self._lab(lab)
        period = fiscal_year(lab=found, year=year)
        name, content = fec_export(lab=found, start=period.start, end=period.end)
        if output == "-":
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        path = Path(output or name)
        path.write_bytes(content)
        lines = content.count(b"\n") - 1
        self.stderr.write(f"{lines} lines from {period.start} to {period.end} written to {path}")
