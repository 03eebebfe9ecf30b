"""MOUs (업무협약) with their follow-through history, and relocations to Gwangju (기업 유치)."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from core.models import BaseModel, count_per_row
from core.text import normalize_text
from core.uploads import random_name
from core.validators import dates_in_window, validate_date_window
from users.permissions import reads_everything


def mou_document_path(instance, filename: str) -> str:
    """A random name: the uploader's file name never reaches the file system."""
    return random_name("mou", "document.pdf")


class MouStage(models.TextChoices):
    """Follow-through of an MOU; a draft becomes signed when its signature is on record."""

    DRAFT = "draft", _("Draft (not signed yet)")
    SIGNED = "signed", pgettext_lazy("mou stage", "Signed")
    CONSIDERING = "considering", _("Considering the move")
    OPENED = "opened", _("Office, branch or lab opened")
    RELOCATED = "relocated", _("Headquarters relocated")
    LAPSED = "lapsed", _("Lapsed")


# Follow-ups stop mattering once the firm has moved its headquarters or the MOU has lapsed.
CLOSED_MOU_STAGES = (MouStage.RELOCATED, MouStage.LAPSED)


class RelocationType(models.TextChoices):
    HEADQUARTERS = "headquarters", _("Headquarters")
    BRANCH = "branch", _("Branch")
    LAB = "lab", _("Research lab")
    REGIONAL_OFFICE = "regional_office", _("Regional office")


class Region(models.TextChoices):
    """Where a firm came from: the provinces and metropolitan cities other than Gwangju."""

    SEOUL = "seoul", _("Seoul")
    GYEONGGI = "gyeonggi", _("Gyeonggi")
    INCHEON = "incheon", _("Incheon")
    BUSAN = "busan", _("Busan")
    DAEGU = "daegu", _("Daegu")
    DAEJEON = "daejeon", _("Daejeon")
    ULSAN = "ulsan", _("Ulsan")
    SEJONG = "sejong", _("Sejong")
    GANGWON = "gangwon", _("Gangwon")
    CHUNGBUK = "chungbuk", _("North Chungcheong")
    CHUNGNAM = "chungnam", _("South Chungcheong")
    JEONBUK = "jeonbuk", _("North Jeolla")
    JEONNAM = "jeonnam", _("South Jeolla")
    GYEONGBUK = "gyeongbuk", _("North Gyeongsang")
    GYEONGNAM = "gyeongnam", _("South Gyeongsang")
    JEJU = "jeju", _("Jeju")
    ABROAD = "abroad", _("Abroad")


class MouQuerySet(models.QuerySet):
    def visible_to(self, user):
        """MOUs `user` may see: staff and executives all, everybody else none."""
        return self if reads_everything(user) else self.none()

    def signed(self):
        """MOUs past the draft stage."""
        return self.exclude(stage=MouStage.DRAFT)

    def overdue(self, today: date | None = None):
        """Follow-up date before `today` (Seoul) while the MOU is still open."""
        today = today or timezone.localdate()
        return self.filter(next_follow_up_on__lt=today).exclude(stage__in=CLOSED_MOU_STAGES)

    def not_overdue(self, today: date | None = None):
        """The complement of `overdue` (no follow-up date, a later one, or a closed MOU)."""
        today = today or timezone.localdate()
        return self.exclude(Q(next_follow_up_on__lt=today) & ~Q(stage__in=CLOSED_MOU_STAGES))

    def search(self, query: str):
        """Match the company name (NFC, case-insensitive)."""
        query = normalize_text(query)
        return self.filter(company__name__icontains=query) if query else self

    def with_list_relations(self):
        """What the MOU list shows, in a fixed number of queries."""
        return (
            self.select_related("company")
            .annotate(relocation_count=count_per_row(Relocation.objects.all(), "mou"))
            .order_by(*Mou._meta.ordering)
        )

    def with_detail_relations(self):
        """What the MOU page shows: stage history with recorders, linked relocations."""
        return self.select_related("company", "created_by").prefetch_related(
            Prefetch(
                "stage_changes",
                queryset=MouStageChange.objects.select_related("recorded_by").order_by(
                    "-effective_on", "-pk"
                ),
            ),
            Prefetch(
                "relocations",
                queryset=Relocation.objects.select_related("recorded_by").order_by(
                    "moved_on", "pk"
                ),
            ),
        )


class Mou(BaseModel):
    """An MOU (업무협약) with a firm: what it committed to and how far it has followed through."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="mous"
    )
    signed_on = models.DateField(
        _("signed on"), null=True, blank=True, validators=[validate_date_window]
    )
    parties = models.TextField(
        _("parties"),
        max_length=1000,
        help_text=_("Who signed, e.g. Gwangju Metropolitan City, the agency and the firm."),
    )
    planned_investment_krw = models.PositiveBigIntegerField(
        _("planned investment (won)"), default=0
    )
    planned_local_hires = models.PositiveIntegerField(_("planned local hires"), default=0)
    relocation_type = models.CharField(
        _("relocation type"), max_length=16, choices=RelocationType.choices
    )
    stage = models.CharField(
        _("follow-through stage"), max_length=16, choices=MouStage.choices, default=MouStage.DRAFT
    )
    next_follow_up_on = models.DateField(
        _("next follow-up date"), null=True, blank=True, validators=[validate_date_window]
    )
    document = models.FileField(
        _("signed document (PDF)"), upload_to=mou_document_path, max_length=200, blank=True
    )
    document_name = models.CharField(_("document file name"), max_length=255, blank=True)
    is_signed_outside = models.BooleanField(_("signed outside the system"), default=False)
    signed_outside_on = models.DateField(
        _("date signed outside the system"),
        null=True,
        blank=True,
        validators=[validate_date_window],
    )
    note = models.TextField(_("note"), max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = MouQuerySet.as_manager()

    class Meta:
        verbose_name = _("MOU")
        verbose_name_plural = _("MOUs")
        ordering = ["-signed_on", "-pk"]
        indexes = [
            models.Index(fields=["stage", "signed_on"]),
            models.Index(fields=["signed_on"]),
            models.Index(fields=["next_follow_up_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="mou_signed_on_unless_draft",
                condition=Q(stage=MouStage.DRAFT) | Q(signed_on__isnull=False),
                violation_error_message=_("A signed MOU needs its signing date."),
            ),
            # A draft has no signature on record; anything past it has exactly one kind.
            models.CheckConstraint(
                name="mou_draft_until_signature_on_record",
                condition=(
                    Q(stage=MouStage.DRAFT, document="", is_signed_outside=False)
                    | (~Q(stage=MouStage.DRAFT) & (~Q(document="") | Q(is_signed_outside=True)))
                ),
                violation_error_message=_(
                    "An MOU is a draft until its signed document is uploaded or it is marked "
                    "as signed outside the system."
                ),
            ),
            models.CheckConstraint(
                name="mou_document_or_outside_not_both",
                condition=Q(document="") | Q(is_signed_outside=False),
                violation_error_message=_(
                    "Upload the signed document or mark the MOU as signed outside the system, "
                    "not both."
                ),
            ),
            models.CheckConstraint(
                name="mou_outside_tick_with_date",
                condition=(
                    Q(is_signed_outside=True, signed_outside_on__isnull=False)
                    | Q(is_signed_outside=False, signed_outside_on__isnull=True)
                ),
                violation_error_message=_(
                    "An MOU signed outside the system needs the date it was signed."
                ),
            ),
            dates_in_window(dates=("signed_on", "next_follow_up_on", "signed_outside_on")),
        ]

    def __str__(self):
        if self.signed_on:
            return gettext("%(company)s MOU of %(date)s") % {
                "company": self.company,
                "date": self.signed_on.isoformat(),
            }
        return gettext("%(company)s MOU (draft)") % {"company": self.company}

    def get_absolute_url(self):
        return reverse("mous:detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        """Headquarters relocated or lapsed: no follow-up is due any more."""
        return self.stage in CLOSED_MOU_STAGES

    @property
    def is_follow_up_overdue(self) -> bool:
        """The next follow-up date has passed (Seoul) while the MOU is open."""
        return (
            not self.is_closed
            and self.next_follow_up_on is not None
            and self.next_follow_up_on < timezone.localdate()
        )


class MouStageChangeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Stage history of the MOUs `user` may see."""
        return self if reads_everything(user) else self.none()


class MouStageChange(models.Model):
    """One dated row of an MOU's follow-through history; never overwritten."""

    mou = models.ForeignKey(
        Mou, verbose_name=_("MOU"), on_delete=models.PROTECT, related_name="stage_changes"
    )
    stage = models.CharField(_("follow-through stage"), max_length=16, choices=MouStage.choices)
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

    objects = MouStageChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("MOU stage change")
        verbose_name_plural = _("MOU stage changes")
        ordering = ["-effective_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mou", "stage", "effective_on"],
                name="one_mou_stage_per_day",
                violation_error_message=_("This MOU already reached that stage on that date."),
            ),
            dates_in_window(dates=("effective_on",), moments=("recorded_at",)),
        ]

    def __str__(self):
        return f"{self.mou} {self.get_stage_display()} ({self.effective_on})"


class RelocationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Relocation records `user` may see: staff and executives all, everybody else none."""
        return self if reads_everything(user) else self.none()

    def search(self, query: str):
        """Match the company name (NFC, case-insensitive)."""
        query = normalize_text(query)
        return self.filter(company__name__icontains=query) if query else self

    def with_list_relations(self):
        """What relocation lists show, in one query."""
        return self.select_related("company", "mou")


class Relocation(BaseModel):
    """A firm that moved (part of) its business to Gwangju (기업 유치), with its MOU if any."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="relocations"
    )
    mou = models.ForeignKey(
        Mou,
        verbose_name=_("linked MOU"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relocations",
    )
    from_region = models.CharField(_("moved from"), max_length=16, choices=Region.choices)
    moved_on = models.DateField(_("moved on"), validators=[validate_date_window])
    relocation_type = models.CharField(
        _("relocation type"), max_length=16, choices=RelocationType.choices
    )
    gwangju_address = models.CharField(_("address in Gwangju"), max_length=300)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = RelocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("relocation")
        verbose_name_plural = _("relocations")
        ordering = ["-moved_on", "-pk"]
        indexes = [models.Index(fields=["moved_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "relocation_type", "moved_on"],
                name="one_relocation_per_company_type_day",
                violation_error_message=_(
                    "This company already has a relocation of this type on that date."
                ),
            ),
            dates_in_window(dates=("moved_on",)),
        ]

    def __str__(self):
        return f"{self.company} {self.get_relocation_type_display()} ({self.moved_on})"

    def clean(self):
        # The database cannot compare two rows' companies; services call full_clean().
        if self.mou_id and self.company_id and self.mou.company_id != self.company_id:
            raise ValidationError(
                {"mou": gettext("The linked MOU must be one of this company's MOUs.")},
                code="mou_company",
            )
