"""Data-subject requests (PIPA arts. 35-37): access, correction, deletion and suspension of
processing, recorded by the privacy officer and answered within ten days of receipt."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models.access import SubjectType
from core.validators import dates_in_window, validate_date_window
from users.permissions import is_privacy_officer

# Enforcement Decree arts. 41(4), 43(3), 44(2): an answer within ten days of receipt; the day
# of receipt does not count (Civil Act art. 157), so the last day is the tenth after it.
ANSWER_DAYS = 10


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access (art. 35)")
    CORRECTION = "correction", _("Correction (art. 36)")
    DELETION = "deletion", _("Deletion (art. 36)")
    SUSPENSION = "suspension", _("Suspension of processing (art. 37)")


class RequestOutcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    PARTLY = "partly", _("Partly granted")
    REFUSED = "refused", _("Refused, with the reason")


class DataSubjectRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the privacy officer reads the requests."""
        return self if is_privacy_officer(user) else self.none()

    def open(self):
        """Requests not answered yet."""
        return self.filter(answered_on__isnull=True)

    def overdue(self, today: date | None = None):
        """Open requests whose deadline has passed (Seoul dates)."""
        return self.open().filter(due_on__lt=today or timezone.localdate())


class DataSubjectRequest(models.Model):
    """A person's request about their data, its deadline, how it was handled and the answer."""

    kind = models.CharField(_("request"), max_length=16, choices=RequestKind.choices)
    requester = models.CharField(_("requester"), max_length=100)
    requester_contact = models.CharField(
        _("requester's contact"),
        max_length=200,
        help_text=_("Where the answer goes: an e-mail address, a phone number or an address."),
    )
    subject_type = models.CharField(_("whose data"), max_length=16, choices=SubjectType.choices)
    person_concerned = models.CharField(
        _("person concerned"),
        max_length=200,
        help_text=_("Whose data it is: the requester, or the person an agent acts for."),
    )
    details = models.TextField(_("what is requested"), max_length=5000)
    received_on = models.DateField(_("received on"), validators=[validate_date_window])
    due_on = models.DateField(_("answer due by"), validators=[validate_date_window])
    notes = models.TextField(_("handling notes"), max_length=5000, blank=True)
    answer = models.TextField(_("answer"), max_length=5000, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=RequestOutcome.choices, blank=True
    )
    answered_on = models.DateField(
        _("answered on"), null=True, blank=True, validators=[validate_date_window]
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(
        _("recorded at"), default=timezone.now, validators=[validate_date_window]
    )

    objects = DataSubjectRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["answered_on", "due_on"])]
        constraints = [
            models.CheckConstraint(
                name="request_due_after_receipt",
                condition=Q(due_on__gte=F("received_on")),
                violation_error_message=_("The answer cannot be due before the request came."),
            ),
            models.CheckConstraint(
                name="request_answer_complete",
                condition=Q(answered_on__isnull=True, answer="", outcome="")
                | (Q(answered_on__isnull=False) & ~Q(answer="") & ~Q(outcome="")),
                violation_error_message=_("An answer has its text, its outcome and its date."),
            ),
            models.CheckConstraint(
                name="request_answered_after_receipt",
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("received_on")),
                violation_error_message=_("A request cannot be answered before it came."),
            ),
            dates_in_window(
                dates=("received_on", "due_on", "answered_on"), moments=("recorded_at",)
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.received_on} {self.requester}"

    def get_absolute_url(self):
        return reverse("audit:request_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.answered_on is None

    @property
    def is_overdue(self) -> bool:
        """Open past its deadline (Seoul date)."""
        return self.answered_on is None and self.due_on < timezone.localdate()
