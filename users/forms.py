from allauth.account import forms as allauth_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from companies.forms import CompanyPickerField
from companies.models import Company
from core.forms import KrdsFormMixin, NormalizedFormMixin
from users.models import Invitation, Role


class InvitationForm(NormalizedFormMixin, forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "name", "role", "company"]
        field_classes = {"company": CompanyPickerField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.active().order_by("name")
        self.fields["company"].help_text = _("Required for a firm user; leave empty for a mentor.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.FIRM and not cleaned.get("company"):
            self.add_error("company", _("Choose the company this firm user belongs to."))
        if cleaned.get("role") == Role.MENTOR:
            # A mentor works with several companies through assignments, not through the account.
            cleaned["company"] = None
        return cleaned

    def _post_clean(self):
        # The service validates the invitation as a whole; the token is not known yet here.
        pass


class SetPasswordForm(KrdsFormMixin, forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords do not match."))
        return cleaned


class LoginForm(KrdsFormMixin, allauth_forms.LoginForm):
    """allauth's login form with KRDS widgets; the reset link sits under the form instead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""


class ReauthenticateForm(KrdsFormMixin, allauth_forms.ReauthenticateForm):
    """allauth's password confirmation with KRDS widgets."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""


class MfaAuthenticateForm(KrdsFormMixin, mfa_forms.AuthenticateForm):
    """The code asked at login, with KRDS widgets."""


class MfaReauthenticateForm(KrdsFormMixin, mfa_forms.ReauthenticateForm):
    """The code asked to confirm a sensitive change, with KRDS widgets."""


class ActivateTotpForm(KrdsFormMixin, totp_forms.ActivateTOTPForm):
    """The first code from a newly scanned authenticator app, with KRDS widgets."""


class EnrolmentCodeForm(KrdsFormMixin, forms.Form):
    """The code e-mailed before a first authenticator app is added from outside."""

    code = forms.CharField(
        label=_("Code from the e-mail"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )
