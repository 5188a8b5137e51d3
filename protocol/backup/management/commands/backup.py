"""Write one archive of the whole portal: its database, every stored file, and a manifest to check them by."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from protocol.backup import services


class Command(BaseCommand):
    help = (
        "Back up the database and every file of the storage into one archive (default var/backups/"
        "portal-<UTC time>.tar.gz; .tar, .tar.gz, .tgz, .tar.xz or .tar.bz2). Restore with `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="where to write the archive; it must not exist yet")

    def handle(self, *args, archive=None, **options):
        try:
            contents = services.backup_write(path=archive)
        except services.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Backed up to %(path)s: %(engine)s database, %(tables)s tables, %(rows)s rows; "
                    "%(files)s files, %(bytes)s bytes."
                )
                % vars(contents)
            )
        )
