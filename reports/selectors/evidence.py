"""Which figures of a firm's outcome report need evidence before staff accept it: those read
by an indicator whose row states the evidence it requires (KpiIndicator.required_evidence),
computed in code or defined as a sum of the figure."""

from dataclasses import dataclass

from django.db.models import Q

from reports.models import DefinedMeasure, DefinedSource, KpiIndicator, KpiPeriod

# Indicator code → the outcome-report figures (outcomes.models.FIGURE_FIELDS) its computation
# reads. A test checks that each code has a computation and each field is a figure.
INDICATOR_FIGURES: dict[str, tuple[str, ...]] = {
    "new_jobs": ("employees_at_end",),
    "survey_new_hires": ("new_hires",),
    "survey_revenue_krw": ("revenue_krw",),
    "investment_krw": ("investment_krw",),
}


@dataclass(frozen=True)
class EvidenceRequirement:
    """One indicator's requirement on one figure: the indicator's name and what it asks for."""

    figure: str
    indicator_name: str
    evidence: str


def evidence_requirements(*, year: int, quarterly: bool) -> dict[str, list[EvidenceRequirement]]:
    """Figure → the requirements of the indicators active in `year` that read it from a report
    of that period kind (yearly or quarterly) and require evidence. One query."""
    mapping = INDICATOR_FIGURES
    period = KpiPeriod.QUARTERLY if quarterly else KpiPeriod.YEARLY
    # An indicator defined without code that sums a figure of the reports reads that figure.
    sums_a_figure = Q(source=DefinedSource.OUTCOMES, measure=DefinedMeasure.SUM)
    rows = (
        KpiIndicator.objects.for_year(year)
        .filter(Q(code__in=mapping) | sums_a_figure, period=period)
        .exclude(required_evidence="")
        .order_by("position", "code")
    )
    required: dict[str, list[EvidenceRequirement]] = {}
    for row in rows:
        for figure in mapping.get(row.code) or (row.measure_field,):
            required.setdefault(figure, []).append(
                EvidenceRequirement(figure, row.name, row.required_evidence)
            )
    return required
