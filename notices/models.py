"""In-app notices (알림), each user's choice of e-mail per kind, and the e-mails sent.

A notice stores its kind and parameters, not its text: the title and body are rendered when
shown (notices/kinds.py), in the reader's language, and an e-mail in its recipient's.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import dates_in_window, validate_date_window
from users.models import Role


class NoticeKind(models.TextChoices):
    # To firms.
    OUTCOME_CHANGES_REQUESTED = "outcome_changes_requested", _("Changes requested on a report")
    OUTCOME_ACCEPTED = "outcome_accepted", _("Outcome report accepted")
    REPORT_DUE = "report_due", _("Outcome report due")
    PERIOD_OPENED = "period_opened", _("Reporting period opened")
    APPLICATION_DECIDED = "application_decided", _("Application result")
    BOOKING_DECIDED = "booking_decided", _("Booking decision")
    DISBURSEMENT_MADE = "disbursement_made", _("Disbursement made")
    # To staff.
    OUTCOME_SUBMITTED = "outcome_submitted", _("Outcome report submitted")
    BOOKING_REQUESTED = "booking_requested", _("Booking requested")
    SESSION_OVER_BUDGET = "session_over_budget", _("Mentoring session over budget")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due")
    # To mentors.
    ASSIGNMENT_CHANGED = "assignment_changed", _("Mentor assignment")


# Which kinds each role can receive: the preferences page offers only these.
KINDS_BY_ROLE = {
    Role.FIRM: (
        NoticeKind.OUTCOME_CHANGES_REQUESTED,
        NoticeKind.OUTCOME_ACCEPTED,
        NoticeKind.REPORT_DUE,
        NoticeKind.PERIOD_OPENED,
        NoticeKind.APPLICATION_DECIDED,
        NoticeKind.BOOKING_DECIDED,
        NoticeKind.DISBURSEMENT_MADE,
    ),
    Role.STAFF: (
        NoticeKind.OUTCOME_SUBMITTED,
        NoticeKind.BOOKING_REQUESTED,
        NoticeKind.SESSION_OVER_BUDGET,
        NoticeKind.FOLLOW_UP_DUE,
    ),
    Role.EXECUTIVE: (),
    Role.MENTOR: (NoticeKind.ASSIGNMENT_CHANGED,),
}


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("E-mail each notice")
    DIGEST = "digest", _("One daily digest e-mail")
    NONE = "none", _("No e-mail")


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's own notices; nobody reads another's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        """Notices not yet opened or marked read."""
        return self.filter(read_at__isnull=True)

    def unread_first(self):
        """Unread notices first, then the rest; newest first within each."""
        return self.alias(
            is_unread=models.ExpressionWrapper(
                Q(read_at__isnull=True), output_field=models.BooleanField()
            )
        ).order_by("-is_unread", "-created_at", "-pk")


class Notice(models.Model):
    """Something that concerns one user: a decision on their records or a request of them."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NoticeKind.choices)
    # What the text is rendered from: names, dates (ISO), amounts, a variant; never the text.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(
        _("read at"), null=True, blank=True, validators=[validate_date_window]
    )
    # Decided when the notice is made, from the recipient's preference for its kind.
    email = models.CharField(
        _("e-mail"), max_length=16, choices=EmailMode.choices, default=EmailMode.NONE
    )
    digest = models.ForeignKey(
        "NoticeDelivery",
        verbose_name=_("digest e-mail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="digest_notices",
    )
    # Set by scheduled notices (a due date, a follow-up): one notice per recipient and key.
    key = models.CharField(_("key"), max_length=100, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notice_recipient_read"),
            models.Index(fields=["recipient", "-created_at"], name="notice_recipient_recent"),
            models.Index(
                fields=["email", "digest"],
                condition=Q(email="digest", digest__isnull=True),
                name="notice_digest_waiting",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"],
                condition=~Q(key=""),
                name="one_scheduled_notice_per_recipient_and_key",
            ),
            dates_in_window(moments=("read_at",)),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("notices:open", args=[self.pk])

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def title(self) -> str:
        """The one-line text, in the active language."""
        from notices.kinds import render

        return render(self.kind, self.params)[0]

    @property
    def body(self) -> str:
        """The explanation under the title, in the active language; may be empty."""
        from notices.kinds import render

        return render(self.kind, self.params)[1]


class NoticePreference(models.Model):
    """How one user wants one kind of notice by e-mail; in-app notices always appear."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notice_preferences",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NoticeKind.choices)
    email = models.CharField(
        _("e-mail"), max_length=16, choices=EmailMode.choices, default=EmailMode.IMMEDIATE
    )

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_notice_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user} {self.kind} {self.email}"


class NoticeProfile(models.Model):
    """A user's notice settings that hold for every kind: the language of their e-mails."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notice_profile",
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("notice profile")
        verbose_name_plural = _("notice profiles")

    def __str__(self):
        return f"{self.user} {self.language}"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class NoticeDelivery(models.Model):
    """One e-mail: a notice's (`notice`) or a daily digest (`digest_notices`), with each try."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notice_deliveries",
    )
    notice = models.ForeignKey(
        Notice,
        verbose_name=_("notice"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    to_address = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    # When the next try is due, or when the one under way began; a row long past it lost its
    # task or its worker (services.delivery_requeue_lost).
    next_attempt_at = models.DateTimeField(
        _("next attempt at"), null=True, blank=True, validators=[validate_date_window]
    )
    sent_at = models.DateTimeField(
        _("sent at"), null=True, blank=True, validators=[validate_date_window]
    )

    class Meta:
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]
        constraints = [dates_in_window(moments=("next_attempt_at", "sent_at"))]

    def __str__(self):
        return f"{self.to_address} {self.status}"

    @property
    def is_digest(self) -> bool:
        return self.notice_id is None
