"""Load a backup in one transaction: ``manage.py restore FILE [--replace]`` (``make restore FILE=...``).

Into a database that holds data it refuses, unless told to replace it; replacing deletes what the
backup brings back (core/backup.py) and loads the backup in the same transaction, so a backup that
fails to load leaves the old data in place.
"""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import backup, freshness


class Refused(CommandError):
    """The database holds data and the restore was not told to replace it."""


class Command(BaseCommand):
    help = (
        "Load a backup written by `backup`. All of it loads, or none of it does. A database that holds "
        "data is refused unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the users, records, history and everything else a backup holds first, then load.",
        )

    def handle(self, file, replace=False, **options):
        path = Path(file).resolve()
        if not path.is_file():
            raise CommandError(f"There is no backup at {file}.")
        try:
            # One transaction for the deletion, the load and the search-text refresh that the
            # signals run as records arrive.
            with transaction.atomic():
                held = backup.data_held()
                if held and not replace:
                    raise Refused(
                        f"The database already holds data ({', '.join(held)}), which a restore would mix "
                        "with the backup's. Nothing was changed. To replace it all with the backup, run "
                        f"`manage.py restore {file} --replace` (`make restore FILE={file} REPLACE=1`)."
                    )
                if replace:
                    backup.clear()
                # An absolute path: loaddata looks for a bare name among the apps' fixtures first.
                call_command("loaddata", str(path), verbosity=0)
                # clear() deletes without signals, and a backup may hold no record to send one.
                freshness.bump()
        except Refused:
            raise
        except Exception as error:
            raise CommandError(f"{file} was not restored; the database is as it was. {error}") from error
        replaced = " (what the database held was replaced)" if replace else ""
        self.stdout.write(self.style.SUCCESS(f"Restored {file}{replaced}."))
