"""Make a personal access token for a user from the shell, printing only its secret, for scripts:

    TOKEN=$(manage.py api_token cas_official --scope write --days 7)

The same service as the user's own page; the operator at the shell stands in for the second factor."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from protocol.api import services
from protocol.api.models import Scope
from protocol.parties.models import User


class Command(BaseCommand):
    help = "Create a personal access token for USERNAME and print only its secret (shown once, stored hashed)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--scope", choices=Scope.values, default=Scope.READ, help="read (default) or write")
        parser.add_argument("--days", type=int, default=30, help="days until it expires (default 30)")
        parser.add_argument("--name", default="manage.py api_token", help="what will use it, shown on the user's page")

    def handle(self, *args, username: str, scope: str, days: int, name: str, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None
        fields = services.TokenFields(name=name, scope=scope, expires_at=timezone.now() + timedelta(days=days))
        # The command speaks English; the service's messages too, whatever LANGUAGE_CODE says.
        with translation.override("en"):
            try:
                # verified: whoever runs manage.py holds the server; a second factor would prove nothing more.
                _token, secret = services.token_create(user=user, fields=fields, verified=True)
            except PermissionDenied:
                raise CommandError(f"{username} may not hold a token (staff of a party, active).") from None
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
        # Only the secret, on stdout: `$(manage.py api_token …)` captures it whole.
        self.stdout.write(secret)
