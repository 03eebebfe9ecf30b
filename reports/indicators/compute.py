"""AI data-centre compute (연산자원) given to selected projects: the allocations active on at
least one day of the range, each counted once.

"PF provided" is the sum of the distinct allocations' effective PF, not the PF in use at one
moment: allocations that start and end at different times reuse the same capacity, so the PF
provided in a year can exceed the capacity in force on any day (2021: 10.74 PF provided from
8.85 PF leased). The ledger (compute.selectors.compute_ledger) keeps the sum of the allocations
active on any day within the capacity in force that day."""

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
    """Allocations active on at least one day of the range."""
    return scope.once(_totals)["projects"]


@indicator(
    "compute_pf", unit=KpiUnit.PF, cumulative=CumulativeRule.SUM, companies=_allocated_companies
)
def compute_pf(scope: Scope) -> Decimal:
    """PF allocated less PF reclaimed, summed over the allocations active in the range."""
    return scope.once(_totals)["pf"]


@indicator(
    "ai_models_trained",
    unit=KpiUnit.MODELS,
    cumulative=CumulativeRule.SUM,
    companies=_allocated_companies,
)
def ai_models_trained(scope: Scope) -> int:
    """Models trained by the projects of the allocations active in the range."""
    return scope.once(_totals)["models_trained"]


@indicator(
    "commercial_models",
    unit=KpiUnit.MODELS,
    cumulative=CumulativeRule.SUM,
    companies=_allocated_companies,
)
def commercial_models(scope: Scope) -> int:
    """Commercial models of the projects of the allocations active in the range."""
    return scope.once(_totals)["commercial_models"]
