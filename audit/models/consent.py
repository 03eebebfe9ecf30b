"""The basis and consent behind each person's data (PIPA arts. 15, 17, 22).

One row per basis recorded: collection and use, and, separately, provision to a third party.
A row keeps the notice as it was given (purpose, items, retention, recipient) in the agency's
language, so it still says what the person was told after the notice changes. Rows name the
person by kind and id, as access records do, and are never changed: a new basis is a new row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models.access import SubjectType
from core.validators import dates_in_window, validate_date_window
from users.permissions import is_privacy_officer


class ConsentScope(models.TextChoices):
    COLLECTION = "collection", _("Collection and use")
    THIRD_PARTY = "third_party", _("Provision to a third party")


class ConsentBasis(models.TextChoices):
    """How the data was obtained: the person's consent in some form, or a basis without it."""

    FORM = "form", _("Consent on a signed form")
    IN_PERSON = "in_person", _("Consent given in person")
    EMAIL = "email", _("Consent by e-mail")
    PHONE = "phone", _("Consent by phone")
    CONTRACT = "contract", _("Needed for a contract with the person (art. 15(1)4)")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (art. 15(1)2)")


# The bases that are the person's consent; provision to a third party needs one of them.
CONSENT_BASES = (
    ConsentBasis.FORM,
    ConsentBasis.IN_PERSON,
    ConsentBasis.EMAIL,
    ConsentBasis.PHONE,
)
# The kinds of people whose data is collected through the CRM's forms.
CONSENT_SUBJECTS = (SubjectType.PERSON, SubjectType.TRAINEE, SubjectType.MENTOR)


class ConsentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the privacy officer reads the consents."""
        return self if is_privacy_officer(user) else self.none()

    def of(self, subject_type: str, subject_id: int):
        """The rows about one person, newest first."""
        return self.filter(subject_type=subject_type, subject_id=subject_id).order_by(
            "-given_on", "-pk"
        )


class Consent(models.Model):
    """One basis for one person's data: what they were told, how it was obtained, when."""

    subject_type = models.CharField(_("whose data"), max_length=16, choices=SubjectType.choices)
    subject_id = models.PositiveBigIntegerField(_("person id"))
    scope = models.CharField(_("scope"), max_length=16, choices=ConsentScope.choices)
    basis = models.CharField(_("how obtained"), max_length=20, choices=ConsentBasis.choices)
    purpose = models.CharField(_("purpose"), max_length=500)
    items = models.CharField(_("items collected"), max_length=500)
    retention = models.CharField(_("retention period"), max_length=200)
    recipient = models.CharField(_("recipient"), max_length=200, blank=True)
    given_on = models.DateField(_("date"), validators=[validate_date_window])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(
        _("recorded at"), default=timezone.now, validators=[validate_date_window]
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "scope"])]
        constraints = [
            models.CheckConstraint(
                name="consent_subject_collected_by_form",
                condition=Q(subject_type__in=CONSENT_SUBJECTS),
                violation_error_message=_(
                    "Consents are recorded for contacts, trainees and mentors."
                ),
            ),
            models.CheckConstraint(
                name="third_party_provision_is_consented",
                condition=~Q(scope=ConsentScope.THIRD_PARTY)
                | (Q(basis__in=CONSENT_BASES) & ~Q(recipient="")),
                violation_error_message=_(
                    "Provision to a third party needs the person's consent and a recipient."
                ),
            ),
            dates_in_window(dates=("given_on",), moments=("recorded_at",)),
        ]

    def __str__(self):
        return f"{self.get_subject_type_display()} {self.subject_id} {self.get_scope_display()}"
