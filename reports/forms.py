from django import forms

from core.forms import NormalizedFormMixin
from reports.models import KpiIndicator


class KpiIndicatorForm(NormalizedFormMixin, forms.ModelForm):
    """Staff edit an indicator's wording; the code stays fixed because the reports use it."""

    class Meta:
        model = KpiIndicator
        fields = [
            "name_ko",
            "name_en",
            "unit",
            "period",
            "counting_rule",
            "required_evidence",
            "programme",
            "position",
        ]
        widgets = {
            "counting_rule": forms.Textarea(attrs={"rows": 3}),
            "required_evidence": forms.Textarea(attrs={"rows": 3}),
        }
