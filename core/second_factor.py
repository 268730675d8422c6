"""Staff's second factor: an authenticator app (TOTP) and single-use recovery codes, via django-otp.

Each staff account has one confirmed ``TOTPDevice`` (the app) and one ``StaticDevice`` holding
its recovery codes. ``enrol`` replaces both at once, so an account never keeps a secret or codes
from an earlier enrolment; ``create_staff_user`` and ``enrol_second_factor`` call it and print
what the staff member needs, once: nothing shown can be read back later.

At sign-in the code's shape says which device checks it (``device_for_code``): six digits go to the
app, anything else to the recovery codes. Trying a code on every device in turn would count a
failure against each device it does not match, throttling recovery codes nobody tried.
"""

import io
import re
from base64 import b32encode
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
APP_CODE = re.compile(r"\d{6}")


@dataclass(frozen=True)
class Enrolment:
    username: str
    secret: str  # base32, as authenticator apps take it when typed in
    url: str  # otpauth://, what the QR code holds
    recovery_codes: list[str]


def is_verified_staff(user):
    """Staff signed in with their second factor (django-otp's middleware marks ``request.user``).

    A staff session without one (from before second factors, or whose factor was replaced since)
    is signed in but must not see what only staff may.
    """
    return user.is_staff and getattr(user, "is_verified", lambda: False)()


def is_enrolled(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def enrol(user):
    """Give ``user`` a new authenticator secret and new recovery codes, replacing any they had."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    app = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return Enrolment(
        username=user.get_username(),
        secret=b32encode(app.bin_key).decode(),
        url=app.config_url,
        recovery_codes=codes,
    )


def normalise_code(code):
    """Codes as people type them: apps show "123 456", recovery codes may be copied in capitals."""
    return re.sub(r"[\s-]", "", code or "").lower()


def device_for_code(user, code):
    """The confirmed device that should check ``code`` (locked for the check), or None if not enrolled."""
    model = TOTPDevice if APP_CODE.fullmatch(code) else StaticDevice
    return model.objects.filter(user=user, confirmed=True).select_for_update().order_by("pk").first()


def qr_code_text(data):
    """A QR code drawn with text characters, for a terminal to show."""
    import qrcode

    code = qrcode.QRCode(border=2)
    code.add_data(data)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()


def write_enrolment(out, enrolment, with_qr_code):
    """What the staff member needs to set up their app and keep their recovery codes, shown once."""
    out.write(
        f"Second factor for {enrolment.username}: add it to an authenticator app now "
        "(this is shown only once and cannot be read back later)."
    )
    if with_qr_code:
        out.write("Scan this QR code with the app:")
        out.write(qr_code_text(enrolment.url))
    out.write(f"Or enter this secret key in the app: {enrolment.secret}")
    out.write(f"Or open this address on the phone: {enrolment.url}")
    out.write(
        f"Recovery codes ({len(enrolment.recovery_codes)}): each signs in once, in place of the app's "
        "code. Keep them somewhere safe, away from the phone."
    )
    for code in enrolment.recovery_codes:
        out.write(f"  {code}")
