from django.conf import settings
from django.db import connections, models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Collate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from stdnum.kr import brn

from core.display import format_day
from core.models import BaseModel, count_per_row
from core.text import digits_only, normalize_text
from core.validators import (
    dates_in_window,
    validate_business_number,
    validate_corporate_number,
    validate_date_window,
)
from users.models import Role
from users.permissions import (
    FIRM_ONLY,
    MENTOR_ONLY,
    company_scoped,
    firm_company_id,
    has_role,
    reads_everything,
)


class GrowthStage(models.TextChoices):
    """Stages as PROGRAMME.md defines them; the help text carries the definitions."""

    PRE_STARTUP = "pre_startup", _("Pre-startup")
    EARLY = "early", _("Early")
    GROWTH = "growth", _("Growth")
    SCALE_UP = "scale_up", _("Scale-up")


GROWTH_STAGE_HELP = _(
    "Pre-startup: not founded yet; early: under 3 years; growth: 3-7 years; "
    "scale-up: over 7 years or rapid growth."
)


class Industry(models.TextChoices):
    AUTOMOTIVE = "automotive", _("Automotive")
    ENERGY = "energy", _("Energy")
    HEALTHCARE = "healthcare", _("Healthcare")
    OTHER_AI = "other_ai", _("Other AI")


class CompanyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Companies `user` may see; the others must behave as if they did not exist."""
        if reads_everything(user):
            return self
        if has_role(user, MENTOR_ONLY):
            # A subquery, not a join, so the result has no duplicate rows and needs no distinct().
            # mentoring builds on companies, not the reverse: imported here, when a mentor asks.
            from mentoring.models import MentorAssignment

            assigned = MentorAssignment.objects.current().filter(mentor=user)
            return self.filter(pk__in=assigned.values("company_id"))
        company_id = firm_company_id(user)
        return self.filter(pk=company_id) if company_id else self.none()

    def active(self):
        """Companies not deactivated."""
        return self.filter(is_active=True)

    def with_list_relations(self):
        """What the company list and its Excel export touch, in a fixed number of queries."""
        return (
            self.select_related("assigned_staff")
            .annotate(interaction_count=count_per_row(Interaction.objects.all(), "company"))
            .order_by(*Company._meta.ordering)
        )

    def with_detail_relations(self):
        """What the company page shows, in a fixed number of queries."""
        return self.select_related("assigned_staff").prefetch_related(
            Prefetch(
                "contact_links",
                queryset=CompanyContact.objects.select_related("person").order_by("person__name"),
            )
        )

    def search(self, query: str):
        """Match the name (NFC, case-insensitive) or the registration number, hyphens or not."""
        query = normalize_text(query)
        if not query:
            return self
        condition = Q(name__icontains=query)
        digits = digits_only(query)
        # Only a query made of digits and hyphens is a number search; "AI2" is a name.
        if (
            digits
            and len(digits) >= 3
            and not query.replace("-", "").replace(" ", "").strip("0123456789")
        ):
            condition |= Q(business_number__contains=digits)
        matches = self.filter(condition)
        if connections[self.db].vendor == "postgresql":
            # Ordered by the name under the "C" collation (the same code-point order): the
            # planner then finds the matches through the trigram index and sorts them, instead
            # of walking the name index past every company before the first match.
            matches = matches.order_by(Collate("name", "C"), "pk")
        return matches


class Company(BaseModel):
    """A firm the agency works with. Companies are deactivated, never deleted."""

    name = models.CharField(_("company name"), max_length=200)
    # A pre-startup (예비창업) has none yet: it registers its business when it is founded.
    business_number = models.CharField(
        _("business registration number"),
        max_length=10,
        blank=True,
        validators=[validate_business_number],
        help_text=_("10 digits, e.g. 123-45-67890; empty only for a pre-startup."),
    )
    corporate_number = models.CharField(
        _("corporate registration number"),
        max_length=13,
        blank=True,
        validators=[validate_corporate_number],
    )
    representative = models.CharField(_("representative"), max_length=100, blank=True)
    founded_on = models.DateField(
        _("founded on"), null=True, blank=True, validators=[validate_date_window]
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_in_gwangju = models.BooleanField(_("located in Gwangju"), default=False)
    industry = models.CharField(
        _("focus industry"), max_length=16, choices=Industry.choices, default=Industry.OTHER_AI
    )
    ksic_code = models.CharField(_("KSIC code"), max_length=6, blank=True)
    employee_count = models.PositiveIntegerField(_("employees"), default=0)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    stage = models.CharField(
        _("growth stage"), max_length=16, choices=GrowthStage.choices, blank=True
    )
    assigned_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned staff"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_companies",
        limit_choices_to={"role": Role.STAFF},
    )
    is_active = models.BooleanField(_("active"), default=True)
    deactivated_on = models.DateField(
        _("deactivated on"),
        null=True,
        blank=True,
        help_text=_("When the firm closed or left the programme; cohort survival reads it."),
        validators=[validate_date_window],
    )

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["stage", "industry"]),
            models.Index(fields=["is_active", "is_in_gwangju"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="business_number_10_digits",
                condition=Q(business_number="") | Q(business_number__regex=r"^[0-9]{10}$"),
            ),
            models.UniqueConstraint(
                fields=["business_number"],
                condition=~Q(business_number=""),
                name="company_business_number_unique",
                violation_error_message=_(
                    "A company with this business registration number exists already."
                ),
            ),
            # Without a number: not founded, and a pre-startup (or no stage yet, while
            # companies.services.company_create records the first one).
            models.CheckConstraint(
                name="company_registered_has_business_number",
                condition=~Q(business_number="")
                | Q(founded_on__isnull=True, stage__in=[GrowthStage.PRE_STARTUP, ""]),
                violation_error_message=_(
                    "A company that has registered its business (founded, or past the "
                    "pre-startup stage) needs its business registration number."
                ),
            ),
            models.CheckConstraint(
                name="company_deactivation_date_iff_inactive",
                condition=Q(is_active=True, deactivated_on__isnull=True)
                | Q(is_active=False, deactivated_on__isnull=False),
                violation_error_message=_(
                    "An inactive company has a deactivation date; an active one has none."
                ),
            ),
            dates_in_window(dates=("founded_on", "deactivated_on")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("companies:detail", args=[self.pk])

    @property
    def business_number_display(self) -> str:
        """The registration number as Koreans write it: 123-45-67890."""
        return brn.format(self.business_number) if self.business_number else ""

    def stage_date_error(self, *, stage: str, effective_on) -> str | None:
        """Why `stage` cannot take effect on `effective_on`, from this row alone: in the future
        (Seoul), or before the founding date (a pre-startup stage comes before the founding)."""
        if effective_on > timezone.localdate():
            return gettext("A stage change cannot take effect in the future.")
        if self.founded_on and effective_on < self.founded_on and stage != GrowthStage.PRE_STARTUP:
            return gettext(
                "A stage change cannot take effect before the company was founded (%(date)s)."
            ) % {"date": self.founded_on.isoformat()}
        return None


class StageChange(models.Model):
    """One dated row of a company's growth-stage history; reports read these, never overwrite."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="stage_changes"
    )
    stage = models.CharField(
        _("growth stage"), max_length=16, choices=GrowthStage.choices, help_text=GROWTH_STAGE_HELP
    )
    effective_on = models.DateField(_("effective on"), validators=[validate_date_window])
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
        verbose_name = _("growth stage change")
        verbose_name_plural = _("growth stage changes")
        ordering = ["-effective_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "effective_on"],
                name="one_stage_change_per_company_day",
                violation_error_message=_("This company already has a stage change on that date."),
            ),
            dates_in_window(dates=("effective_on",), moments=("recorded_at",)),
        ]

    def __str__(self):
        return f"{self.company} {self.get_stage_display()} ({self.effective_on})"


class Person(BaseModel):
    """Somebody the agency deals with; may be a contact of several firms."""

    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["email"])]

    def __str__(self):
        return self.name


class CompanyContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Contact links of the companies `user` may see."""
        return company_scoped(self, user, mentors=True)


class CompanyContact(BaseModel):
    """A person's role at one company."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="contact_links"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="company_links"
    )
    title = models.CharField(_("role or title"), max_length=100, blank=True)
    is_primary = models.BooleanField(_("main contact"), default=False)

    objects = CompanyContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("company contact")
        verbose_name_plural = _("company contacts")
        ordering = ["-is_primary", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "person"],
                name="unique_company_person",
                violation_error_message=_("This person is already a contact of this company."),
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.company})"


class InteractionKind(models.TextChoices):
    CALL = "call", pgettext_lazy("contact", "Call")
    VISIT = "visit", _("Visit")
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", _("E-mail")
    EVENT = "event", _("Event")


class InteractionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Interactions with the companies `user` may see; firms see none (staff notes)."""
        if has_role(user, FIRM_ONLY):
            return self.none()
        return company_scoped(self, user, mentors=True)

    def with_list_relations(self):
        """What interaction lists show, in a fixed number of queries."""
        return self.select_related("company", "staff").prefetch_related("participants")

    def follow_ups_overdue(self, today=None):
        """Interactions whose follow-up date has passed (Seoul) with no later interaction
        logged for the company since: that later contact is the follow-up."""
        today = today or timezone.localdate()
        later = Interaction.objects.filter(
            company=OuterRef("company"), occurred_at__gt=OuterRef("occurred_at")
        )
        # Exists, not a join: one row per interaction, and the company index answers it.
        return self.filter(follow_up_on__lt=today, company__is_active=True).exclude(Exists(later))

    def of_staff_member(self, user):
        """Interactions `user` logged or about the companies assigned to them."""
        return self.filter(Q(staff=user) | Q(company__assigned_staff=user))


class Interaction(BaseModel):
    """A call, visit, meeting, e-mail or event with a company, logged by staff."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="interactions"
    )
    kind = models.CharField(_("type"), max_length=16, choices=InteractionKind.choices)
    occurred_at = models.DateTimeField(_("date and time"), validators=[validate_date_window])
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="interactions",
    )
    participants = models.ManyToManyField(
        Person, verbose_name=_("participants"), blank=True, related_name="interactions"
    )
    other_participants = models.CharField(_("other participants"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), max_length=5000)
    follow_up_on = models.DateField(
        _("follow-up date"), null=True, blank=True, validators=[validate_date_window]
    )

    objects = InteractionQuerySet.as_manager()

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["company", "-occurred_at"])]
        constraints = [dates_in_window(dates=("follow_up_on",), moments=("occurred_at",))]

    def __str__(self):
        return f"{self.company} {self.get_kind_display()} {format_day(self.occurred_at)}"
