"""Indicators defined without code: a count or a sum over one source of records, with filters
from a fixed vocabulary (programme, industry, stage, located in Gwangju). Staff define them on
the indicator screens; anything else needs a computation in code (the registry).

The indicators of one source are computed together: one query per source and range, with
one conditional aggregate per indicator, however many indicators a source has."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.models import GrowthStage, Industry
from programs.models import Program, SupportAward
from reports.indicators.registry import Computation, Scope
from reports.models import CumulativeRule, DefinedMeasure, DefinedSource, KpiIndicator, KpiUnit
from reports.selectors.sources import (
    accepted_reports,
    counting_awards,
    stage_on_subquery,
    trainees,
)


@dataclass(frozen=True)
class Source:
    """The records a source reads for a range, the path from a record to its company, the
    figures that may be summed (field → unit) and the unit of a count of its records."""

    records: object  # Callable[[date, date], QuerySet]
    company: str
    sums: dict
    records_unit: str


SOURCES: dict[str, Source] = {
    DefinedSource.AWARDS: Source(
        counting_awards, "company", {"amount_krw": KpiUnit.WON}, KpiUnit.CASES
    ),
    DefinedSource.OUTCOMES: Source(
        accepted_reports,
        "company",
        {
            "employees_at_end": KpiUnit.PEOPLE,
            "new_hires": KpiUnit.PEOPLE,
            "revenue_krw": KpiUnit.WON,
            "investment_krw": KpiUnit.WON,
            "exports_krw": KpiUnit.WON,
        },
        KpiUnit.CASES,
    ),
    # A trainee's company is the one that hired them: "firms" are the firms that hired.
    DefinedSource.TRAINEES: Source(trainees, "hired_by", {}, KpiUnit.PEOPLE),
}

# The filters a definition may use, with their labels; nothing else reaches a query.
FILTER_LABELS = {
    "program": gettext_lazy("supporting programme"),
    "industry": gettext_lazy("industry"),
    "stage": gettext_lazy("growth stage on the report date"),
    "in_gwangju": gettext_lazy("located in Gwangju"),
}


def sum_field_choices() -> list[tuple[str, str]]:
    """(field, label) of every figure a definition may sum, with the source it belongs to."""
    from outcomes.models import OutcomeReport

    choices = [("amount_krw", _("Support awarded (won)"))]
    for name in SOURCES[DefinedSource.OUTCOMES].sums:
        choices.append((name, capfirst(OutcomeReport._meta.get_field(name).verbose_name)))
    return choices


def describe_definition(row: KpiIndicator) -> list[tuple[str, str]]:
    """(label, value) lines of a definition for the indicator's page; one query for a
    programme filter."""
    lines = [
        (_("source"), str(DefinedSource(row.source).label)),
        (_("measure"), str(DefinedMeasure(row.measure).label)),
    ]
    if row.measure_field:
        lines.append((_("figure summed"), dict(sum_field_choices()).get(row.measure_field, "")))
    values = {
        "industry": dict(Industry.choices),
        "stage": dict(GrowthStage.choices),
        "in_gwangju": {True: _("Yes"), False: _("No")},
    }
    for name, value in row.filters.items():
        if name == "program":
            shown = Program.objects.filter(pk=value).values_list("name", flat=True).first()
        else:
            shown = values.get(name, {}).get(value, value)
        lines.append((str(FILTER_LABELS.get(name, name)), str(shown or "-")))
    return lines


def defined_unit(source: str, measure: str, measure_field: str) -> str:
    """The unit a definition's figure is in."""
    if measure == DefinedMeasure.FIRMS:
        return KpiUnit.FIRMS
    if measure == DefinedMeasure.RECORDS:
        return SOURCES[source].records_unit
    return SOURCES[source].sums[measure_field]


def clean_definition(
    *, source: str, measure: str, measure_field: str, filters: dict, cumulative_rule: str
) -> dict:
    """Check a definition against the vocabulary; returns the filters with their values
    normalised. Raises ValidationError keyed by the form's fields."""
    errors = {}
    if source not in SOURCES:
        errors["source"] = _("Choose the records the indicator counts.")
        raise ValidationError(errors)
    if measure not in DefinedMeasure.values:
        errors["measure"] = _("Choose what the indicator counts or sums.")
    elif measure == DefinedMeasure.SUM:
        labels = dict(sum_field_choices())
        if measure_field not in SOURCES[source].sums:
            errors["measure_field"] = _(
                "Choose a figure of the chosen records to sum: %(fields)s."
            ) % {
                "fields": ", ".join(str(labels[name]) for name in SOURCES[source].sums)
                or _("this source has none")
            }
    elif measure_field:
        errors["measure_field"] = _("Only a sum names a figure; leave it empty for a count.")
    if cumulative_rule == CumulativeRule.DISTINCT_FIRMS and measure != DefinedMeasure.FIRMS:
        errors["cumulative_rule"] = _("Distinct firms is the cumulative column of a firm count.")
    if cumulative_rule == CumulativeRule.LATEST:
        errors["cumulative_rule"] = _("A count or sum over a period has no latest value.")
    clean = {}
    for name, value in filters.items():
        if value in (None, ""):
            continue
        if name not in FILTER_LABELS:
            errors["filters"] = _("%(name)s is not a filter an indicator may use.") % {"name": name}
            continue
        clean[name] = _clean_filter(name, value, errors)
    if errors:
        raise ValidationError(errors)
    return clean


def _clean_filter(name: str, value, errors: dict):
    if name == "program":
        pk = getattr(value, "pk", value)
        if not Program.objects.filter(pk=pk).exists():
            errors["program"] = _("This programme does not exist.")
        return pk
    if name == "industry" and value not in Industry.values:
        errors["industry"] = _("Choose one of the industries.")
    if name == "stage" and value not in GrowthStage.values:
        errors["stage"] = _("Choose one of the growth stages.")
    if name == "in_gwangju":
        if value not in (True, False, "yes", "no"):
            errors["in_gwangju"] = _("Say yes or no.")
        return value in (True, "yes")
    return value


def _condition(source_key: str, filters: dict, on: date) -> Q | None:
    """The filters as one condition on the source's records (None: all of them); a firm of a
    programme by its awards counting on `on`, the range's last day."""
    company = SOURCES[source_key].company
    condition = Q()
    for name, value in filters.items():
        if name == "program":
            if source_key == DefinedSource.AWARDS:
                condition &= Q(program_id=value)
            else:
                # A firm of the programme: an award of it, not cancelled by `on`; Exists, so
                # the award rows do not multiply the records summed.
                condition &= Q(
                    Exists(
                        SupportAward.objects.counting(on=on).filter(
                            company=OuterRef(company), program_id=value
                        )
                    )
                )
        elif name == "industry":
            condition &= Q(**{f"{company}__industry": value})
        elif name == "stage":
            condition &= Q(defined_stage=value)
        elif name == "in_gwangju":
            condition &= Q(**{f"{company}__is_in_gwangju": value})
    return condition or None


def _measure(source_key: str, row: KpiIndicator, on: date):
    condition = _condition(source_key, row.filters, on)
    if row.measure == DefinedMeasure.FIRMS:
        return Count(SOURCES[source_key].company, distinct=True, filter=condition)
    if row.measure == DefinedMeasure.RECORDS:
        return Count("pk", filter=condition)
    return Sum(row.measure_field, filter=condition)


def defined_figures(
    source_key: str, rows: tuple[KpiIndicator, ...], start: date, end: date
) -> dict[str, int]:
    """Code → figure of each definition of one source for the range, in one query."""
    records: QuerySet = SOURCES[source_key].records(start, end)
    if any("stage" in row.filters for row in rows):
        records = records.annotate(
            defined_stage=stage_on_subquery(end, SOURCES[source_key].company)
        )
    values = records.aggregate(
        **{f"d{index}": _measure(source_key, row, end) for index, row in enumerate(rows)}
    )
    return {row.code: values[f"d{index}"] or 0 for index, row in enumerate(rows)}


def defined_computation(row: KpiIndicator) -> Computation:
    """The computation of an indicator defined without code; it shares its source's query
    with the other definitions the scope knows (Scope.definitions)."""

    def compute(scope: Scope) -> int:
        peers = tuple(d for d in scope.definitions if d.source == row.source)
        if row.code not in {d.code for d in peers}:
            peers = (row,)
        key = ("defined", row.source, tuple(d.code for d in peers))
        figures = scope.once(lambda s, e: defined_figures(row.source, peers, s, e), key=key)
        return figures[row.code]

    return Computation(
        code=row.code,
        compute=compute,
        unit=defined_unit(row.source, row.measure, row.measure_field),
        cumulative=row.cumulative_rule,
    )
