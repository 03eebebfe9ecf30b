"""The registry of indicator computations: each KPI indicator's code maps to one function that
computes its figure from the records.

A computation takes a Scope (the range a report's column counts) and returns the figure, or
None for "no data". Computations of one family read their records through `scope.once(...)`,
so the indicators that share an aggregate share its query.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from reports.models import CumulativeRule, KpiKind
from reports.selectors.sources import PROGRAMME_START_YEAR


@dataclass
class Scope:
    """The range one column of a report counts (a year, or since the programme started) and
    the aggregates already read for it."""

    start: date
    end: date
    _read: dict = field(default_factory=dict, repr=False)
    # The indicators defined without code the report shows, so each source's are read together.
    definitions: tuple = field(default=(), repr=False)
    # Reads shared by the columns of one report (its year and its cumulative range end on the
    # same day): figures read year by year once serve both (per_year).
    shared: dict = field(default_factory=dict, repr=False)

    def once(self, read: Callable[[date, date], object], key=None):
        """`read(start, end)`, run once for this range however many indicators use it (under
        `key`, else the function itself)."""
        key = read if key is None else key
        if key not in self._read:
            self._read[key] = read(self.start, self.end)
        return self._read[key]

    @property
    def first_year(self) -> int:
        """The first year a shared read covers: the programme's, or the range's if earlier."""
        return min(self.start.year, PROGRAMME_START_YEAR)

    def shared_read(self, read: Callable[[int, date], dict]) -> dict:
        """`read(first_year, end)`, run once for the report columns sharing `shared`: the
        values of every year from `first_year` to the end's, keyed by year."""
        key = (read, self.first_year, self.end)
        if key not in self.shared:
            self.shared[key] = read(self.first_year, self.end)
        return self.shared[key]

    def per_year(self, read: Callable[[int, date], dict]) -> dict:
        """{year: value} of the range's years, from a shared read (shared_read)."""
        return {
            year: value
            for year, value in self.shared_read(read).items()
            if year is not None and self.start.year <= year <= self.end.year
        }


@dataclass(frozen=True)
class Computation:
    """How one indicator's figure is computed; its unit, kind and cumulative rule are part of
    it (the indicator's row states the same, which a test checks)."""

    code: str
    compute: Callable[[Scope], object]
    unit: str
    cumulative: str
    kind: str = KpiKind.FLOW
    # The companies behind the number, as a queryset of company ids ("company" values).
    companies: Callable[[date, date], QuerySet] | None = None

    def cumulative_value(self, total: Scope, value):
        """The cumulative column: computed over the whole range for a sum or distinct firms,
        the period's own value for "latest value", nothing where it is not shown."""
        if self.cumulative == CumulativeRule.NONE:
            return None
        if self.cumulative == CumulativeRule.LATEST:
            return value
        return self.compute(total)


REGISTRY: dict[str, Computation] = {}


def indicator(
    code: str,
    *,
    unit: str,
    cumulative: str,
    kind: str = KpiKind.FLOW,
    companies: Callable[[date, date], QuerySet] | None = None,
):
    """Register the decorated function as the computation of indicator `code`."""

    def register(compute: Callable[[Scope], object]):
        if code in REGISTRY:
            raise ImproperlyConfigured(f"The indicator {code} has two computations.")
        REGISTRY[code] = Computation(code, compute, unit, cumulative, kind, companies)
        return compute

    return register
