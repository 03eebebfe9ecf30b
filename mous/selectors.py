"""Reads about companies that combine several querysets."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from companies.models import Company
from mous.models import CLOSED_MOU_STAGES, Mou, MouStage, Region, Relocation
from users.permissions import STAFF_ONLY, has_role, reads_everything


def company_mou_context(*, company: Company, user) -> dict:
    """What the company page shows about MOUs and relocations: two queries, none for roles
    that may not see them (the section is then left out)."""
    if not reads_everything(user):
        return {"mou_section": None}
    mous = list(
        Mou.objects.visible_to(user)
        .filter(company=company)
        .annotate(relocation_count=Count("relocations"))
        .order_by(*Mou._meta.ordering)
    )
    relocations = list(
        Relocation.objects.visible_to(user).filter(company=company).select_related("mou")
    )
    return {
        "mou_section": {
            "mous": mous,
            "relocations": relocations,
            "can_edit": has_role(user, STAFF_ONLY),
        }
    }


def overdue_mou_follow_ups(*, user, today: date | None = None):
    """Open MOUs past their follow-up date whose company is assigned to `user`, or that `user`
    recorded, oldest due first (the staff home's list)."""
    return (
        Mou.objects.visible_to(user)
        .overdue(today)
        .filter(Q(company__assigned_staff=user) | Q(created_by=user))
        .select_related("company")
        .order_by("next_follow_up_on", "pk")
    )


@dataclass
class MouYearRow:
    """MOUs signed in one year (or all years, `year=None`) and what became of them."""

    year: int | None
    signed: int = 0
    considering: int = 0  # signed or considering: no move and not lapsed
    opened: int = 0
    relocated: int = 0
    lapsed: int = 0
    moved: int = 0  # MOUs with at least one relocation linked
    planned_investment_krw: int = 0
    planned_local_hires: int = 0

    @property
    def moved_percent(self) -> float | None:
        return round(100 * self.moved / self.signed, 1) if self.signed else None

    def add(self, other: "MouYearRow") -> None:
        for name in (
            "signed",
            "considering",
            "opened",
            "relocated",
            "lapsed",
            "moved",
            "planned_investment_krw",
            "planned_local_hires",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class MouSummary:
    years: list[MouYearRow]
    total: MouYearRow
    drafts: int
    overdue: int
    relocated_firms: int
    relocated_firms_with_mou: int
    relocation_records: int
    regions: list[tuple[str, int]] = field(default_factory=list)

    @property
    def relocated_firms_without_mou(self) -> int:
        return self.relocated_firms - self.relocated_firms_with_mou


def mou_relocation_summary(*, user, today: date | None = None) -> MouSummary:
    """MOUs by year signed with their follow-through, and the firms relocated, in five queries."""
    today = today or timezone.localdate()
    mous = Mou.objects.visible_to(user)
    signed = mous.signed().annotate(year=ExtractYear("signed_on"))
    rows: dict[int, MouYearRow] = {}
    by_stage = signed.values("year", "stage").annotate(
        n=Count("pk"),
        investment=Sum("planned_investment_krw"),
        hires=Sum("planned_local_hires"),
    )
    for entry in by_stage.order_by():
        row = rows.setdefault(entry["year"], MouYearRow(entry["year"]))
        row.signed += entry["n"]
        row.planned_investment_krw += entry["investment"] or 0
        row.planned_local_hires += entry["hires"] or 0
        stage = entry["stage"]
        if stage in (MouStage.SIGNED, MouStage.CONSIDERING):
            row.considering += entry["n"]
        elif stage == MouStage.OPENED:
            row.opened += entry["n"]
        elif stage == MouStage.RELOCATED:
            row.relocated += entry["n"]
        elif stage == MouStage.LAPSED:
            row.lapsed += entry["n"]
    moved = (
        signed.filter(relocations__isnull=False)
        .values("year")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    for entry in moved:
        rows.setdefault(entry["year"], MouYearRow(entry["year"])).moved = entry["n"]
    years = [rows[year] for year in sorted(rows)]
    total = MouYearRow(None)
    for row in years:
        total.add(row)
    counts = mous.aggregate(
        drafts=Count("pk", filter=Q(stage=MouStage.DRAFT)),
        overdue=Count(
            "pk",
            filter=Q(next_follow_up_on__lt=today) & ~Q(stage__in=CLOSED_MOU_STAGES),
        ),
    )
    relocations = Relocation.objects.visible_to(user)
    firms = relocations.aggregate(
        firms=Count("company", distinct=True),
        with_mou=Count("company", distinct=True, filter=Q(mou__isnull=False)),
        records=Count("pk"),
    )
    labels = dict(Region.choices)
    regions = [
        (labels.get(entry["from_region"], entry["from_region"]), entry["firms"])
        for entry in relocations.values("from_region")
        .annotate(firms=Count("company", distinct=True))
        .order_by("-firms", "from_region")
    ]
    return MouSummary(
        years=years,
        total=total,
        drafts=counts["drafts"],
        overdue=counts["overdue"],
        relocated_firms=firms["firms"],
        relocated_firms_with_mou=firms["with_mou"],
        relocation_records=firms["records"],
        regions=regions,
    )
