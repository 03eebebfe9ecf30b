from django import forms

from companies.models import Company
from core.forms import NormalizedFormMixin


class CompanyProfileForm(NormalizedFormMixin, forms.ModelForm):
    """What a firm may change about itself; stage, staff, status and numbers stay with staff."""

    class Meta:
        model = Company
        fields = ["address", "employee_count", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
