"""Write everything a restore needs as JSON: ``manage.py backup [FILE]`` (``make backup``).

What a backup holds, and why, is in core/backup.py.
"""

import datetime
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from core import backup


class Command(BaseCommand):
    help = (
        "Write every row a restore needs to bring the site back as it was: records and their history, "
        "users, groups, permissions, second factors and the admin log."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Where to write; default backups/accsm-<time>.json")

    def handle(self, file=None, **options):
        if not file:
            folder = Path(settings.BASE_DIR) / "backups"
            folder.mkdir(exist_ok=True)
            file = str(folder / f"accsm-{datetime.datetime.now():%Y%m%d-%H%M%S}.json")
        # Written beside the file and renamed when complete, so that a backup cut short by an error
        # never lies where a complete one is expected.
        partial = f"{file}.partial"
        outermost = not connection.in_atomic_block
        try:
            with transaction.atomic(), open(partial, "w", encoding="utf-8") as stream:
                if outermost and connection.vendor == "postgresql":
                    # One snapshot for every table, so that rows written meanwhile by the site cannot
                    # leave a history row or a link without what it refers to.
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                backup.write(stream)
            os.replace(partial, file)
        finally:
            if os.path.exists(partial):
                os.remove(partial)
        self.stdout.write(file)
