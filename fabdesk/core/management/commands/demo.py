"""`fabdesk demo`: load the demo lab (operator output, in English like Django's commands)."""

from django.core.management.base import BaseCommand

from fabdesk.core.demo import demo_load, demo_logins
from fabdesk.core.models import Lab


class Command(BaseCommand):
    help = (
        'Load the demo lab "Fab Lab de démo" (people, groups, messages...). Running it again '
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load the demo only when the database holds no lab yet (used by `make run`).",
        )

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty and Lab.objects.exists():
            self.stdout.write("The database already holds a lab: demo not loaded.")
        else:
            lab = demo_load()
            self.stdout.write(self.style.SUCCESS(f"Demo lab ready: {lab}"))
        logins = demo_logins()
        if not logins:
            return
        self.stdout.write("")
        self.stdout.write("Demo logins (email / password):")
        width = max(len(login.label) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.label:<{width}}  {login.email}  /  {login.password}")
