from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.validators import validate_date_window


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def count_per_row(related: models.QuerySet, to_outer: str):
    """How many rows of `related` point at the outer row (through the field `to_outer`), as a
    correlated subquery: a list counts for the rows on its page only, where a join with GROUP
    BY would count for every row before paginating. 0 when there are none."""
    counted = (
        related.filter(**{to_outer: models.OuterRef("pk")})
        .order_by()
        .values(to_outer)
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return Coalesce(models.Subquery(counted), 0)


class FormSubmission(models.Model):
    """A one-time form token that has been used, and what its submission recorded: the same
    form sent again (a double click, a resend after "back") finds the first record instead of
    making a second one (core/submissions.py)."""

    token = models.UUIDField(_("token"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("record type"),
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(_("record id"), null=True)
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return str(self.token)


class BackgroundJob(BaseModel):
    """A row the task worker builds for a page: a report file, a snapshot's files, an import.

    Concrete models have `status`, `error` and `task_id` fields and name ACTIVE_STATUSES (queued
    or being built), FAILED_STATUS and the reason a stale row is given. The builder moves
    `heartbeat_at` on with every step (`core.jobs.job_beat`); an active row whose heartbeat is
    older than TASK_STALE_SECONDS lost its worker and is marked failed (`core.jobs`)."""

    heartbeat_at = models.DateTimeField(
        _("last sign of progress"), null=True, blank=True, validators=[validate_date_window]
    )

    ACTIVE_STATUSES: tuple[str, ...] = ()
    FAILED_STATUS = "failed"

    class Meta:
        abstract = True

    @classmethod
    def stale_error(cls, duration: str) -> str:
        """Why a row whose builder showed no progress for `duration` was failed."""
        raise NotImplementedError

    @classmethod
    def stale_values(cls, now) -> dict:
        """Other fields the sweep sets on a stale row it fails."""
        return {}


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be checked")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked; waiting for your confirmation")
    CONFIRMED = "confirmed", _("Waiting to be imported")
    IMPORTING = "importing", _("Importing")
    DONE = "done", pgettext_lazy("import status", "Imported")
    FAILED = "failed", _("Failed")


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The imports `user` uploaded: as with a dry run's token in the uploader's session,
        only the uploader sees and confirms one."""
        # users.models builds on this module (BaseModel): imported at use.
        from users.permissions import STAFF_ONLY, has_role

        return self.filter(requested_by=user) if has_role(user, STAFF_ONLY) else self.none()


class ImportJob(BackgroundJob):
    """An import of more rows than IMPORT_INLINE_MAX_ROWS: the task worker checks the file (the
    dry run), the uploader confirms, the worker writes every row or none (`core.imports`)."""

    importer = models.CharField(_("import"), max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(
        _("stored file"),
        max_length=100,
        blank=True,
        help_text=_("Empty once the file is deleted: after the import, or when it cannot run."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("number of row errors"), default=0)
    error = models.CharField(_("error"), max_length=1000, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(
        _("confirmed at"), null=True, blank=True, validators=[validate_date_window]
    )
    finished_at = models.DateTimeField(
        _("finished at"), null=True, blank=True, validators=[validate_date_window]
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    objects = ImportJobQuerySet.as_manager()

    ACTIVE_STATUSES = (
        ImportStatus.QUEUED,
        ImportStatus.CHECKING,
        ImportStatus.CONFIRMED,
        ImportStatus.IMPORTING,
    )
    FAILED_STATUS = ImportStatus.FAILED

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]
        constraints = [
            models.CheckConstraint(
                name="import_job_progress_0_to_100", condition=models.Q(progress__lte=100)
            ),
        ]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse(import_string(self.importer).job_url_name, args=[self.pk])

    @classmethod
    def stale_error(cls, duration: str) -> str:
        return gettext(
            "The import did not finish: the task worker showed no progress for %(duration)s "
            "and has probably stopped. Nothing was saved; try again."
        ) % {"duration": duration}

    @classmethod
    def stale_values(cls, now) -> dict:
        return {"finished_at": now}

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def hidden_error_count(self) -> int:
        """Row errors counted but not kept (the page lists the first few hundred)."""
        return max(self.error_count - len(self.errors), 0)

    @property
    def can_retry(self) -> bool:
        """Failed with its file still kept: its worker died, the file was never found wrong."""
        return self.status == ImportStatus.FAILED and bool(self.stored_name)
