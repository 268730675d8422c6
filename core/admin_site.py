"""The staff admin: signing in takes a password and a second factor (core/second_factor.py)."""

from django import forms
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from .second_factor import device_for_code, normalise_code


class StaffSignInForm(OTPAdminAuthenticationForm):
    """Username, password and one code, from the authenticator app or a recovery code, in one step.

    Every failure gets the same message, so the page never tells someone guessing that the password
    was right; and every failure counts towards django-axes's lockout, a wrong code as much as a
    wrong password, so that codes cannot be guessed once a password is known.
    """

    error_messages = {
        **OTPAdminAuthenticationForm.error_messages,
        "invalid_login": (
            "Enter the correct username and password of a staff account, and a current code from your "
            "authenticator app or an unused recovery code."
        ),
    }

    otp_token = forms.CharField(
        label="Code",
        help_text="The 6-digit code your authenticator app shows, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )
    # The device is chosen from the code itself (device_for_code), so there is nothing to pick
    # and no challenge to send: neither field is on the form.
    otp_device = None
    otp_challenge = None

    def clean_otp_token(self):
        return normalise_code(self.cleaned_data["otp_token"])

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if self.user_cache is not None:
                # The password was right, so authenticate() recorded no failure for axes: record it.
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": self.cleaned_data.get("username")},
                    request=self.request,
                )
                self.user_cache = None
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            ) from None

    def _chosen_device(self, user):
        return device_for_code(user, self.cleaned_data.get("otp_token", ""))

    def _update_form(self, user):
        # django-otp would write the password back into the page for the next try; it is retyped instead.
        pass


class StaffAdminSite(OTPAdminSite):
    """The admin at /admin/ (``admin.site``): only staff verified by a second factor get in."""

    login_form = StaffSignInForm
    login_template = "admin/staff_login.html"

    def __init__(self, name="admin"):
        # OTPAdminSite names itself "otpadmin"; as the default site it keeps the admin's own name,
        # which every reverse("admin:...") uses.
        super().__init__(name)
