"""PIPA access records (접속기록) and the privacy officer's monthly reviews.

Access records are append-only: the database refuses UPDATE, and DELETE of a record younger
than its retention (two years; three for role changes), on SQLite and PostgreSQL alike (see the
triggers in migrations). Each record carries the SHA-256 of the one before it, so a record
changed or removed behind the application's back breaks the chain (verify_access_chain).
"""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.display import format_moment
from core.validators import dates_in_window, validate_date_window
from users.permissions import is_privacy_officer

RETENTION = timedelta(days=2 * 365 + 1)
ROLE_CHANGE_RETENTION = timedelta(days=3 * 365 + 1)


class AccessAction(models.TextChoices):
    VIEW = "view", _("View")
    LIST = "list", _("List")
    SEARCH = "search", _("Search")
    CREATE = "create", _("Create")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")
    PRINT = "print", _("Print")
    DOWNLOAD = "download", _("Download")
    ROLE_CHANGE = "role_change", _("Role or assignment change")


class SubjectType(models.TextChoices):
    PERSON = "person", _("Contact person")
    USER = "user", _("User account")
    MENTOR = "mentor", _("Mentor")
    TRAINEE = "trainee", _("Trainee")


class AccessRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the privacy officer reads the access records."""
        if is_privacy_officer(user):
            return self
        return self.none()


class AccessRecord(models.Model):
    """Who touched whose personal data, when, from where and how; never changed afterwards."""

    at = models.DateTimeField(
        pgettext_lazy("access record", "time"), db_index=True, validators=[validate_date_window]
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A copy, so the record reads the same if the account is renamed later.
    account = models.CharField(_("account"), max_length=254)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=AccessAction.choices)
    subject_type = models.CharField(_("whose data"), max_length=16, choices=SubjectType.choices)
    subject = models.CharField(_("subject"), max_length=500)
    subject_ids = models.JSONField(_("subject ids"), default=list, blank=True)
    people = models.PositiveIntegerField(pgettext_lazy("number of", "people"), default=0)
    path = models.CharField(_("address"), max_length=500, blank=True)
    purpose = models.CharField(_("purpose"), max_length=100, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    # Role changes are kept a year longer, so they form their own chain: pruning then only
    # ever removes the oldest records of a chain (up to its first record kept), never a record
    # from its middle.
    chain = models.PositiveSmallIntegerField(_("chain"), default=1)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access records")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["action", "at"]),
            models.Index(fields=["user", "at"]),
        ]

    def __str__(self):
        return f"{format_moment(self.at)} {self.account} {self.action} {self.subject}"

    def payload(self) -> str:
        """What the hash covers, as canonical JSON."""
        return json.dumps(
            {
                "at": self.at.isoformat(),
                "user": self.user_id,
                "account": self.account,
                "ip": self.ip,
                "action": self.action,
                "subject_type": self.subject_type,
                "subject": self.subject,
                "subject_ids": self.subject_ids,
                "people": self.people,
                "path": self.path,
                "purpose": self.purpose,
                "row_count": self.row_count,
                "file_sha256": self.file_sha256,
                "chain": self.chain,
            },
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )

    def compute_hash(self) -> str:
        return hashlib.sha256((self.previous_hash + self.payload()).encode()).hexdigest()


ACCESS_CHAIN, ROLE_CHANGE_CHAIN = 1, 2


def chain_of(action: str) -> int:
    return ROLE_CHANGE_CHAIN if action == AccessAction.ROLE_CHANGE else ACCESS_CHAIN


class AccessChain(models.Model):
    """The head of one hash chain (its pk is the chain number), locked while a record is
    appended."""

    last_hash = models.CharField(max_length=64)
    length = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("access record chain")
        verbose_name_plural = _("access record chains")

    def __str__(self):
        return self.last_hash


class MonthlyReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if is_privacy_officer(user) else self.none()


class MonthlyReview(models.Model):
    """The privacy officer's sign-off of one month's access records."""

    month = models.DateField(
        _("month"),
        unique=True,
        help_text=_("The first day of the month."),
        validators=[validate_date_window],
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), validators=[validate_date_window])
    note = models.TextField(_("findings and actions"), max_length=5000, blank=True)
    summary = models.JSONField(_("summary"), default=dict)

    objects = MonthlyReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly access review")
        verbose_name_plural = _("monthly access reviews")
        ordering = ["-month"]
        constraints = [dates_in_window(dates=("month",), moments=("signed_at",))]

    def __str__(self):
        return f"{self.month:%Y-%m}"

    def get_absolute_url(self):
        return f"{reverse('audit:review')}?month={self.month:%Y-%m}"
