"""Load a backup in one transaction: ``manage.py restore FILE`` (``make restore FILE=...``)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load a backup written by `backup`. All of it loads, or none of it does."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, file, **options):
        # loaddata is atomic on its own; the explicit transaction also covers
        # the search-text refresh that the signals run as records arrive.
        with transaction.atomic():
            call_command("loaddata", file, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Restored {file}."))
