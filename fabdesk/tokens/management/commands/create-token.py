"""`fabdesk create-token EMAIL --name NAME`: create an API token and print it, once."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.errors import DomainError
from fabdesk.members.models import User
from fabdesk.tokens.services import token_create


class Command(BaseCommand):
    help = "Create an API token for the member with this email and print it (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="Email address of the token's owner.")
        parser.add_argument("--name", required=True, help="What the token is for, e.g. 'backup'.")
        parser.add_argument(
            "--expires-in-days",
            type=int,
            default=None,
            help="Let the token expire after this many days (default: never).",
        )

    def handle(self, *args, email, name, expires_in_days, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(_("No account with the email address %(email)s.") % {"email": email})
        expires_at = None
        if expires_in_days is not None:
            if expires_in_days < 1:
                raise CommandError(_("--expires-in-days must be 1 or more."))
            expires_at = timezone.now() + datetime.timedelta(days=expires_in_days)
        try:
            token, plaintext = token_create(user=user, name=name, expires_at=expires_at)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(plaintext)
        self.stderr.write(
            _(
                "Token “%(name)s” (%(prefix)s…) created for %(email)s. "
                "Copy it now: it cannot be shown again."
            )
            % {"name": token.name, "prefix": token.prefix, "email": user.email}
        )
