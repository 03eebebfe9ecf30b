"""Support awards, their instalments and disbursements."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import BaseModel
from core.validators import dates_in_window, validate_date_window
from programs.models.calls import Application
from programs.models.programs import Program
from users.permissions import company_scoped


class AwardStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class SupportAwardQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Awards `user` may see: staff and executives all, a firm its own, others none."""
        return company_scoped(self, user)

    def with_list_relations(self):
        """What award lists show (programme, company), in one query."""
        return self.select_related("program", "company")

    def for_year(self, year: int):
        """Awards made in calendar year `year`."""
        return self.filter(awarded_on__year=year)

    def counting(self, on: date | None = None):
        """Awards that count as support given (cancelled ones do not); with `on` (a report's
        date), those that counted on that day: also the ones cancelled after it."""
        if on is None:
            return self.exclude(status=AwardStatus.CANCELLED)
        return self.filter(~Q(status=AwardStatus.CANCELLED) | Q(cancelled_on__gt=on))


class SupportAward(BaseModel):
    """Support a company received from a programme (amount in won), paid out in instalments."""

    program = models.ForeignKey(
        Program, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="awards"
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="award",
        null=True,
        blank=True,
    )
    awarded_on = models.DateField(_("awarded on"), validators=[validate_date_window])
    amount_krw = models.PositiveBigIntegerField(_("amount (won)"))
    starts_on = models.DateField(_("support starts on"), validators=[validate_date_window])
    ends_on = models.DateField(_("support ends on"), validators=[validate_date_window])
    status = models.CharField(
        _("status"), max_length=16, choices=AwardStatus.choices, default=AwardStatus.PLANNED
    )
    # The day the award stopped counting as support: as-of reports of earlier days still count it.
    cancelled_on = models.DateField(
        _("cancelled on"), null=True, blank=True, validators=[validate_date_window]
    )
    # Kept in step with the disbursement rows by award_disburse(), with an atomic UPDATE,
    # so the database's check constraint below is the ceiling even under concurrent writes.
    disbursed_krw = models.PositiveBigIntegerField(_("disbursed (won)"), default=0)
    duplicate_reason = models.TextField(
        _("reason for duplicate support"), max_length=2000, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = SupportAwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("support award")
        verbose_name_plural = _("support awards")
        ordering = ["-awarded_on", "-pk"]
        indexes = [
            models.Index(fields=["awarded_on"]),
            models.Index(fields=["status"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="award_amount_positive",
                condition=Q(amount_krw__gt=0),
                violation_error_message=_("The award amount must be more than 0 won."),
            ),
            models.CheckConstraint(
                name="award_disbursed_within_amount",
                condition=Q(disbursed_krw__lte=F("amount_krw")),
                violation_error_message=_("Disbursements cannot exceed the award."),
            ),
            models.CheckConstraint(
                name="award_ends_on_or_after_start",
                condition=Q(ends_on__gte=F("starts_on")),
                violation_error_message=_("The support period cannot end before it starts."),
            ),
            models.CheckConstraint(
                name="award_cancelled_on_iff_cancelled",
                condition=Q(status=AwardStatus.CANCELLED, cancelled_on__isnull=False)
                | (~Q(status=AwardStatus.CANCELLED) & Q(cancelled_on__isnull=True)),
                violation_error_message=_(
                    "A cancelled award needs its cancellation date, and only a cancelled one "
                    "has one."
                ),
            ),
            models.CheckConstraint(
                name="award_cancelled_on_or_after_award",
                condition=Q(cancelled_on__isnull=True) | Q(cancelled_on__gte=F("awarded_on")),
                violation_error_message=_("An award cannot be cancelled before it was made."),
            ),
            dates_in_window(dates=("awarded_on", "starts_on", "ends_on", "cancelled_on")),
        ]

    def __str__(self):
        return f"{self.company} / {self.program}"

    def get_absolute_url(self):
        return reverse("programs:award_detail", args=[self.pk])

    def last_cancellation_day(self) -> date:
        """The latest day a cancellation may be dated, and its default: today in Seoul, or the
        award's own day when it is dated later (cancelled then, it never counted)."""
        return max(timezone.localdate(), self.awarded_on)

    @property
    def remaining_krw(self) -> int:
        """What is still to be disbursed."""
        return self.amount_krw - self.disbursed_krw

    @property
    def is_open_for_payment(self) -> bool:
        return self.status != AwardStatus.CANCELLED


class AwardInstalment(BaseModel):
    """A planned instalment of an award: when, and how much."""

    award = models.ForeignKey(
        SupportAward,
        verbose_name=_("support award"),
        on_delete=models.PROTECT,
        related_name="instalments",
    )
    due_on = models.DateField(_("due on"), validators=[validate_date_window])
    amount_krw = models.PositiveBigIntegerField(pgettext_lazy("instalment", "amount (won)"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("planned instalment")
        verbose_name_plural = _("planned instalments")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="instalment_amount_positive",
                condition=Q(amount_krw__gt=0),
                violation_error_message=_("The amount must be more than 0 won."),
            ),
            dates_in_window(dates=("due_on",)),
        ]

    def __str__(self):
        return f"{self.award} {self.due_on}"


class Disbursement(models.Model):
    """Money actually paid out on an award; a history row, never overwritten."""

    award = models.ForeignKey(
        SupportAward,
        verbose_name=_("support award"),
        on_delete=models.PROTECT,
        related_name="disbursements",
    )
    paid_on = models.DateField(_("paid on"), validators=[validate_date_window])
    amount_krw = models.PositiveBigIntegerField(pgettext_lazy("disbursement", "amount (won)"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(
        _("recorded at"), default=timezone.now, validators=[validate_date_window]
    )

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="disbursement_amount_positive",
                condition=Q(amount_krw__gt=0),
                violation_error_message=_("The amount must be more than 0 won."),
            ),
            dates_in_window(dates=("paid_on",), moments=("recorded_at",)),
        ]

    def __str__(self):
        return f"{self.award} {self.paid_on}"
