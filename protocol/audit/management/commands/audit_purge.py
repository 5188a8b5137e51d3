"""Delete audit entries older than a date, never younger than the retention period (six calendar months)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from protocol.audit import services


class Command(BaseCommand):
    help = (
        f"Delete the audit entries older than --before (a date, Beijing midnight) or --older-than-days. "
        f"Refuses a cutoff younger than {services.RETENTION_MONTHS} calendar months."
    )

    def add_arguments(self, parser):
        cutoff = parser.add_mutually_exclusive_group(required=True)
        cutoff.add_argument("--before", help="YYYY-MM-DD: entries before this day are deleted")
        cutoff.add_argument("--older-than-days", type=int, help="entries older than this many days are deleted")
        parser.add_argument("--dry-run", action="store_true", help="count what would go, delete nothing")

    def handle(self, *args, before=None, older_than_days=None, dry_run=False, **options):
        if before is not None:
            try:
                day = datetime.date.fromisoformat(before)
            except ValueError:
                raise CommandError(f"--before must be a date as YYYY-MM-DD, not {before!r}.") from None
            cutoff = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
        else:
            cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
        try:
            count = services.trail_purge(before=cutoff, dry_run=dry_run)
        except services.RetentionError:
            raise CommandError(
                f"Refused: entries are kept at least {services.RETENTION_MONTHS} calendar months "
                f"(until {services.retention_limit():%Y-%m-%d %H:%M %Z}); "
                f"{cutoff:%Y-%m-%d %H:%M %Z} is later than that allows. Nothing was deleted."
            ) from None
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{count} audit entries older than {cutoff:%Y-%m-%d %H:%M %Z} {verb}.")
