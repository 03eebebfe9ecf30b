"""The destruction register (파기 대장, PIPA art. 21): each destruction of personal data past its
retention, as `personal_data_destroy` wrote it. Rows are never changed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.models.access import SubjectType
from core.display import format_day
from core.validators import validate_date_window
from users.permissions import is_privacy_officer


class RetainedKind(models.TextChoices):
    """What is destroyed past its retention: the kinds of person a form collects (the same values
    as their `SubjectType`), and the records the CRM keeps about its users."""

    PERSON = SubjectType.PERSON.value, SubjectType.PERSON.label
    TRAINEE = SubjectType.TRAINEE.value, SubjectType.TRAINEE.label
    MENTOR = SubjectType.MENTOR.value, SubjectType.MENTOR.label
    NOTICE = "notice", _("Notice")
    NOTICE_EMAIL = "notice_email", _("Notice e-mail")


class DestructionMethod(models.TextChoices):
    DELETED = "deleted", _("Deleted")
    ANONYMISED = "anonymised", _("Personal fields erased, rows kept for statistics")


class DestructionRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the privacy officer reads the destruction register."""
        return self if is_privacy_officer(user) else self.none()


class DestructionRecord(models.Model):
    """One entry of the destruction register: what kind, how many, when, how, approved by whom.
    For notices and their e-mails `people` counts their recipients; `details` says how many
    records went."""

    kind = models.CharField(_("kind of personal data"), max_length=16, choices=RetainedKind.choices)
    people = models.PositiveIntegerField(pgettext_lazy("number of", "people"))
    files_deleted = models.PositiveIntegerField(_("files deleted"), default=0)
    method = models.CharField(_("method"), max_length=16, choices=DestructionMethod.choices)
    details = models.CharField(_("how"), max_length=500)
    retention = models.CharField(_("retention period"), max_length=200)
    destroyed_at = models.DateTimeField(
        _("destroyed at"), db_index=True, validators=[validate_date_window]
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = DestructionRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("destruction register entry")
        verbose_name_plural = _("destruction register")
        ordering = ["-destroyed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="destruction_destroys_someone",
                condition=Q(people__gt=0),
                violation_error_message=_(
                    "A destruction destroys the data of at least one person."
                ),
            ),
        ]

    def __str__(self):
        return f"{format_day(self.destroyed_at)} {self.get_kind_display()} {self.people}"
