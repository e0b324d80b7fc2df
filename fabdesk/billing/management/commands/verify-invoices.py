"""`fabdesk verify-invoices`: recompute every lab's invoice chain (and run the other checks,
such as the closing archives). Exits 0 printing `N invoices verified`, or 1 naming the
first invoice (or archive) whose stored content no longer matches."""

from django.core.management.base import BaseCommand, CommandError

from fabdesk.billing.verify import registered_checks
from fabdesk.core.models import Lab


class Command(BaseCommand):
    help = "Check that no invoice, credit note or closing archive was changed or deleted."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--lab", help="Only this lab (its short name).")

    def handle(self, *args, **options) -> None:
        labs = Lab.objects.order_by("id")
        if options["lab"]:
            labs = labs.filter(slug=options["lab"])
            if not labs.exists():
                raise CommandError(f"No lab with the short name {options['lab']!r}.")
        totals: dict[str, int] = {}
        for lab in labs:
            for label, check in registered_checks():
                result = check(lab=lab)
                totals[label] = totals.get(label, 0) + result.count
                if result.problem:
                    raise CommandError(f"{lab.name}: {result.problem}", returncode=1)
        for label, count in totals.items() or [("invoices", 0)]:
            self.stdout.write(f"{count} {label} verified")
