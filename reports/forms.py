from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import NormalizedFormMixin
from reports.models import KpiIndicator
from reports.selectors.sources import PROGRAMME_START_YEAR


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
