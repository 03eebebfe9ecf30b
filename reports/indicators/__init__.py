"""KPI indicators: the single definition of every figure of the reports.

Each family's module registers its computations under the indicators' codes (registry.py);
the indicator rows (reports.models.KpiIndicator) carry their names, formula, counting rule and
evidence. Every row has a computation and every computation a row.
"""

from reports.indicators import (  # noqa: F401  (each module registers its computations)
    compute,
    firms,
    jobs,
    mous,
    outcomes,
    patents,
    revenue,
    training,
)
from reports.indicators.registry import REGISTRY, Computation, Scope, indicator

__all__ = ["REGISTRY", "Computation", "Scope", "indicator"]
