from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


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
