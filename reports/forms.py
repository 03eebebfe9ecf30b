from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import MoneyField, NormalizedFormMixin
from reports.models import KpiIndicator, KpiUnit
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


class SnapshotForm(NormalizedFormMixin, forms.Form):
    """Submitting a year's report: the year, a note for the record, and the approval."""

    year = forms.TypedChoiceField(label=_("Report year"), coerce=int, widget=forms.HiddenInput)
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
