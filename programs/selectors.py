"""Reads about programmes, calls and awards."""

from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear

from programs.models import Program, SupportAward
from users.permissions import reads_everything


def duplicate_awards(
    *, company, support_type: str, year: int, exclude_pk: int | None = None
) -> list[SupportAward]:
    """The company's other awards of `support_type` in calendar year `year`, across
    programmes (중복지원 확인); cancelled awards do not count."""
    awards = (
        SupportAward.objects.counting()
        .for_year(year)
        .filter(company=company, program__support_type=support_type)
        .select_related("program")
        .order_by("awarded_on", "pk")
    )
    if exclude_pk is not None:
        awards = awards.exclude(pk=exclude_pk)
    return list(awards)


def _totals(awards: list[SupportAward]) -> dict:
    counting = [award for award in awards if award.is_open_for_payment]
    return {
        "count": len(counting),
        "amount_krw": sum(award.amount_krw for award in counting),
        "disbursed_krw": sum(award.disbursed_krw for award in counting),
    }


def company_program_context(*, company, user) -> dict:
    """What the staff company page shows about the company's awards (fixed query count):
    every award, across programmes and years; staff and executives only."""
    if not reads_everything(user):
        return {"awards_visible": False}
    awards = list(
        SupportAward.objects.visible_to(user)
        .filter(company=company)
        .select_related("program", "application__call")
        .order_by("-awarded_on", "-pk")
    )
    return {
        "awards_visible": True,
        "company_awards": awards,
        "company_award_totals": _totals(awards),
    }


def portal_program_context(*, company) -> dict:
    """What the firm portal home shows about the firm's own awards."""
    awards = list(
        SupportAward.objects.filter(company=company)
        .select_related("program")
        .order_by("-awarded_on", "-pk")
    )
    return {"portal_awards": awards, "portal_award_totals": _totals(awards)}


@dataclass(frozen=True)
class ProgramYear:
    year: int
    budget_krw: int | None
    award_count: int
    awarded_krw: int
    disbursed_krw: int

    @property
    def unallocated_krw(self) -> int | None:
        """Budget not yet awarded (negative when awards exceed the budget)."""
        return None if self.budget_krw is None else self.budget_krw - self.awarded_krw


def program_years(*, program: Program) -> list[ProgramYear]:
    """Budget beside awards and disbursements per year for one programme, in two queries."""
    budgets = dict(program.budgets.values_list("year", "amount_krw"))
    rows = (
        SupportAward.objects.counting()
        .filter(program=program)
        .annotate(year=ExtractYear("awarded_on"))
        .values("year")
        .annotate(count=Count("pk"), awarded=Sum("amount_krw"), disbursed=Sum("disbursed_krw"))
        .order_by()
    )
    awarded = {row["year"]: row for row in rows}
    return [
        ProgramYear(
            year=year,
            budget_krw=budgets.get(year),
            award_count=awarded.get(year, {}).get("count", 0),
            awarded_krw=awarded.get(year, {}).get("awarded") or 0,
            disbursed_krw=awarded.get(year, {}).get("disbursed") or 0,
        )
        for year in sorted(budgets.keys() | awarded.keys(), reverse=True)
    ]
