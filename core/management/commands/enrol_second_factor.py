"""Enrol a staff account, superusers included, in a second factor: ``enrol_second_factor NAME``.

For accounts made without ``create_staff_user`` (``createsuperuser``, the admin's user pages),
which cannot sign in until this has run; ``--replace`` gives an enrolled account a new secret and
new recovery codes, for a lost phone or used-up codes.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.second_factor import enrol, is_enrolled, write_enrolment


class Command(BaseCommand):
    help = (
        "Give a staff account an authenticator secret and recovery codes, printed once (with a QR code "
        "in a terminal). Without --replace, an account already enrolled is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace an enrolled account's secret and recovery codes (the old ones stop working).",
        )

    def handle(self, username, replace=False, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no account named {username!r}.")
        if not user.is_staff:
            raise CommandError(f"{username} is not a staff account; only staff sign in to the admin.")
        if is_enrolled(user) and not replace:
            raise CommandError(
                f"{username} is already enrolled; --replace gives them a new secret and recovery codes "
                "(the old ones stop working)."
            )
        write_enrolment(self.stdout, enrol(user), with_qr_code=self.stdout.isatty())
