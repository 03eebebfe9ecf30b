"""AI data-centre compute (연산자원) given to selected projects, by the capacity period the
allocations belong to."""

from datetime import date
from decimal import Decimal

from reports.indicators.registry import Scope, indicator
from reports.models import CumulativeRule, KpiUnit
from reports.selectors.sources import compute_allocations


def _totals(start: date, end: date) -> dict:
    """Projects, effective PF, models trained and commercial models, in one query."""
    return compute_allocations(start, end).totals()


def _allocated_companies(start: date, end: date):
    return compute_allocations(start, end).values("company")


@indicator(
    "compute_projects",
    unit=KpiUnit.CASES,
    cumulative=CumulativeRule.SUM,
    companies=_allocated_companies,
)
def compute_projects(scope: Scope) -> int:
    """Allocations of the capacity periods starting in the range."""
    return scope.once(_totals)["projects"]


@indicator(
    "compute_pf", unit=KpiUnit.PF, cumulative=CumulativeRule.SUM, companies=_allocated_companies
)
def compute_pf(scope: Scope) -> Decimal:
    """PF allocated less PF reclaimed, of the capacity periods starting in the range."""
    return scope.once(_totals)["pf"]


@indicator(
    "ai_models_trained",
    unit=KpiUnit.MODELS,
    cumulative=CumulativeRule.SUM,
    companies=_allocated_companies,
)
def ai_models_trained(scope: Scope) -> int:
    """Models the allocations' projects trained, of the capacity periods starting in the range."""
    return scope.once(_totals)["models_trained"]


@indicator(
    "commercial_models",
    unit=KpiUnit.MODELS,
    cumulative=CumulativeRule.SUM,
    companies=_allocated_companies,
)
def commercial_models(scope: Scope) -> int:
    """Commercial models of the allocations' projects, of the capacity periods in the range."""
    return scope.once(_totals)["commercial_models"]
