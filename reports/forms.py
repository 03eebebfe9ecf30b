from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from companies.models import GrowthStage, Industry
from core.forms import MoneyField, NormalizedFormMixin
from programs.models import Program
from reports.indicators import REGISTRY
from reports.indicators.defined import (
    FILTER_LABELS,
    clean_definition,
    defined_unit,
    sum_field_choices,
)
from reports.models import CumulativeRule, KpiIndicator, KpiKind, KpiUnit
from reports.selectors.sources import PROGRAMME_START_YEAR

# Far above any programme's figure, far below what a target column holds.
MAX_TARGET = 10**13


class KpiIndicatorForm(NormalizedFormMixin, forms.ModelForm):
    """Staff edit an indicator's wording and the years it is reported. The code, unit, kind and
    cumulative rule stay fixed: they are its computation's (reports/indicators/)."""

    class Meta:
        model = KpiIndicator
        fields = [
            "name_ko",
            "name_en",
            "formula",
            "counting_rule",
            "required_evidence",
            "period",
            "first_year",
            "last_year",
            "is_retired",
            "program",
            "position",
        ]
        widgets = {
            "formula": forms.Textarea(attrs={"rows": 2}),
            "counting_rule": forms.Textarea(attrs={"rows": 3}),
            "required_evidence": forms.Textarea(attrs={"rows": 3}),
        }


# Paths under reports/indicators/ a code must not take.
RESERVED_CODES = frozenset({"new"})


class KpiIndicatorDefinitionForm(NormalizedFormMixin, forms.ModelForm):
    """Staff define an indicator without code: a count or sum over one source of records with
    filters from a fixed vocabulary, for the years it is reported. The definition is checked
    against the vocabulary (reports/indicators/defined.py); its unit follows from it."""

    measure_field = forms.ChoiceField(
        label=_("figure summed"),
        required=False,
        choices=lambda: [("", "---------"), *sum_field_choices()],
        help_text=_("Only for a sum: support amounts of awards, or a figure of the reports."),
    )
    filter_program = forms.ModelChoiceField(
        label=FILTER_LABELS["program"],
        required=False,
        queryset=Program.objects.order_by("name"),
        help_text=_("Awards of the programme; for reports and trainees, firms it supports."),
    )
    filter_industry = forms.ChoiceField(
        label=FILTER_LABELS["industry"],
        required=False,
        choices=lambda: [("", _("All")), *Industry.choices],
    )
    filter_stage = forms.ChoiceField(
        label=FILTER_LABELS["stage"],
        required=False,
        choices=lambda: [("", _("All")), *GrowthStage.choices],
    )
    filter_in_gwangju = forms.ChoiceField(
        label=FILTER_LABELS["in_gwangju"],
        required=False,
        choices=lambda: [("", _("All")), ("yes", _("Yes")), ("no", _("No"))],
    )

    FILTER_FIELDS = ("program", "industry", "stage", "in_gwangju")

    class Meta:
        model = KpiIndicator
        fields = [
            "code",
            "name_ko",
            "name_en",
            "source",
            "measure",
            "measure_field",
            "cumulative_rule",
            "formula",
            "counting_rule",
            "required_evidence",
            "first_year",
            "last_year",
            "is_retired",
            "program",
            "position",
        ]
        widgets = {
            "formula": forms.Textarea(attrs={"rows": 2}),
            "counting_rule": forms.Textarea(attrs={"rows": 3}),
            "required_evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].required = True
        self.fields["measure"].required = True
        # A count or sum over a period: its cumulative column sums, counts firms once, or
        # is not shown; never a latest value.
        self.fields["cumulative_rule"].choices = [
            c for c in CumulativeRule.choices if c[0] != CumulativeRule.LATEST
        ]
        if self.instance.pk:
            # The code names the figure in submitted snapshots: fixed once saved.
            self.fields["code"].disabled = True
            for name in self.FILTER_FIELDS:
                value = self.instance.filters.get(name)
                if name == "in_gwangju" and value is not None:
                    value = "yes" if value else "no"
                self.initial[f"filter_{name}"] = value

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not self.instance.pk and (code in REGISTRY or code in RESERVED_CODES):
            raise forms.ValidationError(
                _("%(code)s is the code of an indicator computed in code; choose another.")
                % {"code": code}
            )
        return code

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        filters = {name: data.get(f"filter_{name}") for name in self.FILTER_FIELDS}
        try:
            filters = clean_definition(
                source=data["source"],
                measure=data["measure"],
                measure_field=data.get("measure_field") or "",
                filters=filters,
                cumulative_rule=data["cumulative_rule"],
            )
        except forms.ValidationError as error:
            for name, messages in error.message_dict.items():
                field = name if name in self.fields else f"filter_{name}"
                self.add_error(field if field in self.fields else None, messages)
            return data
        self.instance.filters = filters
        self.instance.unit = defined_unit(data["source"], data["measure"], data["measure_field"])
        self.instance.kind = KpiKind.FLOW
        return data


class SnapshotForm(NormalizedFormMixin, forms.Form):
    """Submitting a year's report: the year, a note for the record, and the approval."""

    year = forms.TypedChoiceField(label=_("Report year"), coerce=int, widget=forms.HiddenInput)
    # Set for a report as of a date (from the dashboard's as-of picker); empty: the year.
    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this version is submitted, e.g. corrected 2022 revenue figures."),
    )
    approve = forms.BooleanField(
        label=_("I approve these figures as the report submitted to the ministry."),
        help_text=_(
            "Submitting locks these figures, with their PDF and Excel files, as the next "
            "version: a submitted version cannot be changed or withdrawn, only followed by a "
            "new one."
        ),
        error_messages={"required": _("Tick the approval to submit the report.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].choices = [
            (year, year) for year in range(today.year, PROGRAMME_START_YEAR - 1, -1)
        ]


def _target_field(unit: str, label: str) -> forms.Field:
    """A field for a target in the indicator's unit: won with separators, PF with two places,
    whole numbers otherwise; empty means no target."""
    if unit == KpiUnit.WON:
        return MoneyField(label=label, required=False, min_value=0, max_value=MAX_TARGET)
    if unit == KpiUnit.PF:
        return forms.DecimalField(
            label=label, required=False, min_value=0, max_digits=8, decimal_places=2
        )
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=MAX_TARGET)


class KpiTargetsForm(NormalizedFormMixin, forms.Form):
    """A year's target and baseline for each of its indicators: two fields per indicator,
    `target_<code>` and `baseline_<code>`."""

    COLUMNS = ("target", "baseline")

    def __init__(self, *args, indicators, targets: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            current = targets.get(indicator.pk)
            labels = {
                "target": gettext("%(indicator)s: target") % {"indicator": indicator.name},
                "baseline": gettext("%(indicator)s: baseline") % {"indicator": indicator.name},
            }
            for column in self.COLUMNS:
                name = f"{column}_{indicator.code}"
                self.fields[name] = _target_field(indicator.unit, labels[column])
                value = getattr(current, column) if current else None
                self.initial[name] = _display(value, indicator.unit)

    @property
    def rows(self) -> list[tuple]:
        """(indicator, its target field, its baseline field) for the table."""
        return [
            (indicator, self[f"target_{indicator.code}"], self[f"baseline_{indicator.code}"])
            for indicator in self.indicators
        ]

    def values(self) -> dict[str, tuple[Decimal | None, Decimal | None]]:
        """Code → (target, baseline) as the service takes them."""
        data = self.cleaned_data

        def number(name):
            value = data.get(name)
            return None if value is None else Decimal(value)

        return {
            indicator.code: (
                number(f"target_{indicator.code}"),
                number(f"baseline_{indicator.code}"),
            )
            for indicator in self.indicators
        }


def _display(value: Decimal | None, unit: str):
    """A stored target as its field shows it: whole numbers without decimals."""
    if value is None or unit == KpiUnit.PF:
        return value
    return int(value)
