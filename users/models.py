import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.validators import validate_date_window


class Role(models.TextChoices):
    STAFF = "staff", _("Programme staff")
    EXECUTIVE = "executive", _("Executive")
    MENTOR = "mentor", _("Mentor")
    FIRM = "firm", _("Firm user")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        extra_fields.setdefault("role", "")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in with an e-mail address; `role` decides what they may see."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, blank=True)
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    is_privacy_officer = models.BooleanField(
        _("privacy officer"),
        default=False,
        help_text=_("Reviews the personal-data access records each month (staff only)."),
    )
    # Django's own moments, kept in the date window like every other (the admin edits them).
    last_login = models.DateTimeField(
        _("last login"), blank=True, null=True, validators=[validate_date_window]
    )
    date_joined = models.DateTimeField(
        _("date joined"), default=timezone.now, validators=[validate_date_window]
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["name", "email"]
        constraints = [
            models.CheckConstraint(
                name="firm_user_has_company",
                condition=(
                    models.Q(role=Role.FIRM, company__isnull=False)
                    | (~models.Q(role=Role.FIRM) & models.Q(company__isnull=True))
                ),
                violation_error_message=_("A firm user belongs to exactly one company."),
            ),
        ]

    def __str__(self):
        return self.name or self.email

    @property
    def display_name(self) -> str:
        return self.name or self.email


def hash_token(token: str) -> str:
    """Invitation tokens are stored hashed so a database leak does not leak usable links."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Invitations `user` may see: staff see all, nobody else any."""
        # users.permissions builds on this module: imported here, not at the top.
        from users.permissions import STAFF_ONLY, has_role

        return self if has_role(user, STAFF_ONLY) else self.none()

    def pending(self):
        """Not accepted and not yet expired."""
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(BaseModel):
    """A one-time link that lets a firm user or mentor set a password and log in."""

    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=[(Role.FIRM, Role.FIRM.label), (Role.MENTOR, Role.MENTOR.label)],
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="invitations_sent",
    )
    expires_at = models.DateTimeField(_("expires at"), validators=[validate_date_window])
    accepted_at = models.DateTimeField(
        _("accepted at"), null=True, blank=True, validators=[validate_date_window]
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitation",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="firm_invitation_has_company",
                condition=(
                    models.Q(role=Role.FIRM, company__isnull=False)
                    | models.Q(role=Role.MENTOR, company__isnull=True)
                ),
                violation_error_message=_("A firm invitation names the company; a mentor's none."),
            ),
        ]

    def __str__(self):
        return self.email

    def get_absolute_url(self):
        return reverse("users:invitation_list")

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def status_label(self) -> str:
        if self.accepted_at:
            return _("Accepted")
        if self.is_expired:
            return _("Expired")
        return _("Pending")


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOCKED_OUT = "locked_out", _("Login refused: too many failed attempts")
    LOGOUT = "logout", _("Logged out")
    MFA_ADDED = "mfa_added", _("Two-factor authentication added")
    MFA_REMOVED = "mfa_removed", _("Two-factor authentication removed")
    MFA_FAILED = "mfa_failed", _("Wrong authenticator code")
    ENROLMENT_CODE_SENT = "enrolment_code_sent", _("Code e-mailed to set up two-factor")
    ENROLMENT_CODE_FAILED = "enrolment_code_failed", _("Wrong e-mailed code to set up two-factor")
    RECOVERY_CODES_GENERATED = "recovery_codes_generated", _("Recovery codes generated")
    RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset")
    EMAIL_CHANGED = "email_changed", _("E-mail address changed")
    DEACTIVATED = "deactivated", _("Account deactivated")


class SecurityEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Security events `user` may see: staff see all, nobody else any."""
        # users.permissions builds on this module: imported here, not at the top.
        from users.permissions import STAFF_ONLY, has_role

        return self if has_role(user, STAFF_ONLY) else self.none()


class SecurityEvent(models.Model):
    """One authentication or account-security event, kept as the access record PIPA asks for.

    Never holds a password, a code or a secret: only who, what, when and from where.
    """

    kind = models.CharField(_("event"), max_length=32, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_events",
    )
    # The address typed on the login form for failures (there may be no such user), else the
    # user's address at the time, so the record still says who it was if the user goes.
    email = models.CharField(_("e-mail address"), max_length=254, blank=True)
    occurred_at = models.DateTimeField(
        _("occurred at"), default=timezone.now, validators=[validate_date_window]
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["-occurred_at"], name="security_event_time"),
            models.Index(fields=["user", "-occurred_at"], name="security_event_user_time"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.email}"
