"""Build the compressed whole-dataset files of /data/ for the current data version.

A deploy or cron runs it so that no visitor waits for a file to be built after a change
(opendata/bulk.py): ``build_bulk_data --base-url https://records.example.org``.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.management.base import BaseCommand, CommandError

from core.freshness import current
from opendata.bulk import FILES, OriginRequest, build, origin_of

# Where `make run` serves the site.
DEBUG_ORIGIN = "http://127.0.0.1:8000"


def default_origin():
    """``make run``'s address in debug mode, else https:// and the first of DJANGO_ALLOWED_HOSTS."""
    if settings.DEBUG:
        return DEBUG_ORIGIN
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else ""
    if not host or host.startswith(".") or "*" in host:
        raise CommandError("No single host in DJANGO_ALLOWED_HOSTS: give the site's address with --base-url.")
    return f"https://{host}"


def origin_from(base_url):
    """``base_url`` as the origin the site's requests give (scheme and host), or a CommandError."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise CommandError(
            f"--base-url {base_url!r}: give a scheme and host only, e.g. https://records.example.org"
        )
    try:
        # As a request to that address would be: refused unless the host is allowed.
        return origin_of(OriginRequest(f"{parts.scheme}://{parts.netloc}"))
    except DisallowedHost as error:
        raise CommandError(f"--base-url {base_url!r}: {error}") from error


class Command(BaseCommand):
    help = (
        "Build the compressed whole-dataset files of /data/ (Popolo, CSV, iCalendar) for the current data "
        "version, and remove those of older versions. Files already built for this version are kept unless "
        "--force (after a deploy that changed an export)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            help="The address the site is served at, as requests reach the application, e.g. "
            "https://records.example.org; the files' links point there. Default: "
            f"{DEBUG_ORIGIN} in debug mode, else https:// and the first of DJANGO_ALLOWED_HOSTS.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Rebuild the files already built for this version."
        )

    def handle(self, base_url=None, force=False, **options):
        origin = origin_from(base_url) if base_url else origin_from(default_origin())
        version = current()
        for bulk_file in FILES:
            path = build(bulk_file, origin, version, force=force)
            self.stdout.write(f"{bulk_file.filename}: {path.stat().st_size} bytes, {path}")
