"""Restore an archive of `manage.py backup` into an empty database and storage, and check it against its manifest."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from protocol.backup import services


class Command(BaseCommand):
    help = (
        "Restore a backup archive into the database and file storage the settings name. Both must be empty: "
        "--force replaces what they hold. Then checks every table's rows and every file's SHA-256 against the "
        "archive's manifest, and fails if anything differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="an archive written by `manage.py backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore even into a database or storage that holds data: its tables are replaced, and files "
            "of the same names",
        )

    def handle(self, *args, archive, force=False, **options):
        try:
            restored = services.backup_restore(path=archive, force=force)
        except services.BackupError as error:
            raise CommandError(str(error)) from None
        contents = restored.contents
        self.stdout.write(
            _(
                "Restored from %(path)s: %(engine)s database, %(tables)s tables, %(rows)s rows; "
                "%(files)s files, %(bytes)s bytes."
            )
            % vars(contents)
        )
        for name in restored.extra_files:
            self.stdout.write(_("Left alone, not in the archive: %(name)s") % {"name": name})
        if restored.mismatches:
            for mismatch in restored.mismatches:
                self.stderr.write(mismatch)
            raise CommandError(
                _("The restored portal differs from the archive's manifest in %(count)s ways (listed above).")
                % {"count": len(restored.mismatches)}
            )
        self.stdout.write(
            self.style.SUCCESS(_("Checked: every table's rows and every file's SHA-256 match the manifest."))
        )
