"""Make a staff account in one of the roles: ``create_staff_user NAME --role editor|publisher``.

A new account is enrolled in a second factor at once (core/second_factor.py): staff cannot sign
in without one. ``--reset-second-factor`` replaces an existing account's authenticator secret and
recovery codes, for a lost phone.
"""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.roles import ROLES
from core.second_factor import enrol, is_enrolled, write_enrolment


class Command(BaseCommand):
    help = (
        "Create a staff account (or move an existing one) into a role: editors add and change records; "
        "publishers also publish and delete. The password comes from $STAFF_PASSWORD or a prompt. "
        "An account without a second factor is enrolled: its authenticator secret (with a QR code in a "
        "terminal) and recovery codes are printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--reset-second-factor",
            action="store_true",
            help="Replace the account's authenticator secret and recovery codes (the old ones stop working).",
        )

    def handle(self, username, role, email, reset_second_factor=False, **options):
        try:
            group = Group.objects.get(name=ROLES[role])
        except Group.DoesNotExist as missing:
            raise CommandError(
                f"The {ROLES[role]} group is missing; run `manage.py migrate` first."
            ) from missing
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        password = None
        if user is None:
            password = os.environ.get("STAFF_PASSWORD") or self.ask_password()
            try:
                validate_password(password, user_model(username=username, email=email))
            except ValidationError as weak:
                raise CommandError(" ".join(weak.messages)) from weak
        with transaction.atomic():
            if user is None:
                user = user_model.objects.create_user(username=username, email=email, password=password)
            user.is_staff = True
            user.save()
            user.groups.remove(*Group.objects.filter(name__in=ROLES.values()))
            user.groups.add(group)
            enrolment = enrol(user) if reset_second_factor or not is_enrolled(user) else None
        self.stdout.write(self.style.SUCCESS(f"{username} is a staff member in {group.name}."))
        if enrolment:
            write_enrolment(self.stdout, enrolment, with_qr_code=self.stdout.isatty())
        else:
            self.stdout.write("Their second factor is unchanged (--reset-second-factor replaces it).")

    def ask_password(self):
        if not os.isatty(0):
            raise CommandError("Set STAFF_PASSWORD, or run this in a terminal to be asked for a password.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords did not match.")
        return first
