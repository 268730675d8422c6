"""Write every record as natural-key JSON: ``manage.py backup [FILE]`` (``make backup``)."""

import datetime

from django.core.management import call_command
from django.core.management.base import BaseCommand

from core.models import record_models


def record_labels():
    """Every records model as app_label.ModelName; history tables are left out (they refer to ids)."""
    return [model._meta.label for model in record_models()]


class Command(BaseCommand):
    help = (
        "Dump every record (sources, people and meetings) with natural keys, so it loads into any database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Where to write; default backups/accsm-<time>.json")

    def handle(self, file=None, **options):
        if not file:
            from pathlib import Path

            from django.conf import settings

            folder = Path(settings.BASE_DIR) / "backups"
            folder.mkdir(exist_ok=True)
            file = str(folder / f"accsm-{datetime.datetime.now():%Y%m%d-%H%M%S}.json")
        call_command(
            "dumpdata",
            *record_labels(),
            natural_foreign=True,
            natural_primary=True,
            indent=1,
            output=file,
            verbosity=0,
        )
        self.stdout.write(file)
