"""Demonstration centres, equipment types and bookings.

Two active (requested or approved) bookings of the same equipment never overlap. On PostgreSQL
an exclusion constraint enforces it; SQLite has no equivalent, so there the constraint is left
out of the schema and `equipment.services` checks overlaps while holding a lock on the
equipment row (the service does the same check on PostgreSQL, for a readable message).
"""

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import F, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import Industry
from core.display import format_moment
from core.models import BaseModel
from core.validators import dates_in_window, validate_date_window
from users.permissions import EVERY_ROLE, company_scoped, has_role

__all__ = [
    "ACTIVE_BOOKING_STATUSES",
    "BookingStatus",
    "DemoCentre",
    "Equipment",
    "EquipmentBooking",
]


class TsTzRange(Func):
    """PostgreSQL's tstzrange(lower, upper, bounds) built from two columns."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class PostgresOnlyExclusionConstraint(ExclusionConstraint):
    """An exclusion constraint on PostgreSQL; on other databases it is neither created nor
    validated (the schema editor skips constraints whose SQL is None), so one migration serves
    both databases and `makemigrations --check` agrees on either."""

    def constraint_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().remove_sql(model, schema_editor)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        if connections[using].vendor != "postgresql":
            return
        super().validate(model, instance, exclude=exclude, using=using)


class DemoCentreQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The centres are public facilities: every signed-in role may see them."""
        return self if has_role(user, EVERY_ROLE) else self.none()


class DemoCentre(BaseModel):
    """A demonstration centre (인공지능 특화산업 실증센터), one per focus industry."""

    name = models.CharField(_("centre name"), max_length=200, unique=True)
    host_institution = models.CharField(_("host institution"), max_length=200)
    industry = models.CharField(
        _("focus industry"), max_length=16, choices=Industry.choices, unique=True
    )
    opened_on = models.DateField(
        _("opened on"), null=True, blank=True, validators=[validate_date_window]
    )
    address = models.CharField(_("address"), max_length=300, blank=True)

    objects = DemoCentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("demonstration centre")
        verbose_name_plural = _("demonstration centres")
        ordering = ["name", "pk"]
        constraints = [dates_in_window(dates=("opened_on",))]

    def __str__(self):
        return self.name


class EquipmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Equipment of the centres `user` may see (all of it, for every signed-in role)."""
        return self.filter(centre__in=DemoCentre.objects.visible_to(user))

    def in_service_by(self, year: int):
        """Equipment that came into service in `year` or earlier."""
        return self.filter(in_service_year__lte=year)

    def bookable(self, year: int):
        """Equipment a firm may book for a date in `year`."""
        return self.in_service_by(year).filter(is_bookable=True)

    def with_list_relations(self):
        """What equipment lists show, in a fixed number of queries."""
        return self.select_related("centre").order_by("centre__name", "in_service_year", "name")


class Equipment(BaseModel):
    """A type of test equipment at a centre, with the year it came (or comes) into service."""

    centre = models.ForeignKey(
        DemoCentre,
        verbose_name=_("demonstration centre"),
        on_delete=models.PROTECT,
        related_name="equipment",
    )
    name = models.CharField(_("equipment name"), max_length=200)
    description = models.CharField(
        pgettext_lazy("equipment", "description"), max_length=500, blank=True
    )
    in_service_year = models.PositiveSmallIntegerField(
        _("in service from (year)"),
        help_text=_("A year in the future means the equipment is planned."),
    )
    is_bookable = models.BooleanField(_("bookable by firms"), default=True)
    # Limits that keep one firm from holding the equipment for everybody else.
    max_booking_hours = models.PositiveSmallIntegerField(
        _("longest booking (hours)"),
        default=8,
        help_text=_("A firm may book this equipment for at most this many hours at a time."),
    )
    max_days_ahead = models.PositiveSmallIntegerField(
        _("booking horizon (days)"),
        default=90,
        help_text=_("A booking may start at most this many days from today."),
    )

    objects = EquipmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["centre", "in_service_year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "name"],
                name="unique_equipment_name_per_centre",
                violation_error_message=_("This centre already has equipment of that name."),
            ),
            models.CheckConstraint(
                name="equipment_in_service_year_plausible",
                condition=Q(in_service_year__gte=2000) & Q(in_service_year__lte=2100),
                violation_error_message=_("Enter a year between 2000 and 2100."),
            ),
            models.CheckConstraint(
                name="equipment_booking_limits_positive",
                condition=Q(max_booking_hours__gte=1) & Q(max_days_ahead__gte=1),
                violation_error_message=_(
                    "The longest booking and the booking horizon must be at least 1."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.centre})"


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


# Bookings that hold the equipment's time: these never overlap.
ACTIVE_BOOKING_STATUSES = (BookingStatus.REQUESTED, BookingStatus.APPROVED)


class EquipmentBookingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Bookings of the companies `user` may see (a firm: its own)."""
        return company_scoped(self, user, mentors=True)

    def active(self):
        """Requested or approved bookings, the ones that hold the equipment."""
        return self.filter(status__in=ACTIVE_BOOKING_STATUSES)

    def overlapping(self, *, equipment, starts_at, ends_at):
        """Bookings of `equipment` sharing some time with [starts_at, ends_at)."""
        return self.filter(equipment=equipment, starts_at__lt=ends_at, ends_at__gt=starts_at)

    def with_list_relations(self):
        """What booking lists show, in a fixed number of queries."""
        return self.select_related(
            "equipment__centre", "company", "requested_by", "decided_by"
        ).order_by("-starts_at", "-pk")


class EquipmentBooking(BaseModel):
    """A company's booking of equipment for a time range, requested by the firm, decided by staff.

    Each decision fills its own fields once (who, when, why); they are never overwritten.
    """

    equipment = models.ForeignKey(
        Equipment,
        verbose_name=_("equipment"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="equipment_bookings",
    )
    starts_at = models.DateTimeField(_("starts at"), validators=[validate_date_window])
    ends_at = models.DateTimeField(_("ends at"), validators=[validate_date_window])
    purpose = models.TextField(_("purpose"), max_length=1000)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=BookingStatus.choices,
        default=BookingStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(
        _("decided at"), null=True, blank=True, validators=[validate_date_window]
    )
    decision_reason = models.TextField(_("reason for the decision"), max_length=1000, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(
        _("cancelled at"), null=True, blank=True, validators=[validate_date_window]
    )

    objects = EquipmentBookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("equipment booking")
        verbose_name_plural = _("equipment bookings")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["equipment", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["company", "-starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="equipment_booking_starts_before_end",
                condition=Q(starts_at__lt=F("ends_at")),
                violation_error_message=_("A booking must end after it starts."),
            ),
            models.CheckConstraint(
                name="equipment_booking_rejection_has_reason",
                condition=~Q(status=BookingStatus.REJECTED) | ~Q(decision_reason=""),
                violation_error_message=_("A rejection needs a reason."),
            ),
            # Half-open ranges ("[)"): a booking may start when the previous one ends.
            PostgresOnlyExclusionConstraint(
                name="equipment_booking_no_overlap",
                expressions=[
                    (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
                    ("equipment", RangeOperators.EQUAL),
                ],
                condition=Q(status__in=["requested", "approved"]),
                violation_error_message=_("The equipment is already booked for that time."),
            ),
            dates_in_window(moments=("starts_at", "ends_at", "decided_at", "cancelled_at")),
        ]

    def __str__(self):
        return f"{self.equipment.name} {format_moment(self.starts_at)}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_BOOKING_STATUSES

    @property
    def can_cancel(self) -> bool:
        """Requested or approved and not ended yet: what equipment.services.booking_cancel
        accepts, so a page offers the cancel button only when it can succeed."""
        return self.is_active and self.ends_at > timezone.now()
