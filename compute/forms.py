"""Forms of the compute screens: capacity periods, allocations, reclaims, usage files."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from companies.forms import CompanyPickerField
from companies.models import Company
from compute.models import ComputeAllocation, ComputeCapacity
from core.forms import DateInput, KrdsFormMixin, NormalizedFormMixin
from core.uploads import TABLE_KINDS, UploadField


class AllocationCompanyPickerField(CompanyPickerField):
    """A company with allocations, for the allocation list's filter
    (compute:allocation_company_autocomplete)."""

    url_name = "compute:allocation_company_autocomplete"

    @classmethod
    def offered_to(cls, user):
        """Companies with an allocation `user` may see, deactivated ones too: the filter
        accepts any of them, so the picker finds all of them and no other."""
        allocations = ComputeAllocation.objects.visible_to(user)
        companies = Company.objects.filter(pk__in=allocations.values("company_id"))
        return companies.order_by("name", "pk")


class ComputeCapacityForm(NormalizedFormMixin, forms.ModelForm):
    class Meta:
        model = ComputeCapacity
        fields = [
            "label",
            "starts_on",
            "ends_on",
            "capacity_pf",
            "gpu_hours_capacity",
            "storage_pb",
            "note",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}


class AllocationCreateForm(NormalizedFormMixin, forms.ModelForm):
    """Input of `allocation_create`; the service checks the period's capacity."""

    class Meta:
        model = ComputeAllocation
        fields = [
            "capacity",
            "company",
            "project_code",
            "project_title",
            "pf_allocated",
            "gpu_hours_allocated",
            "agreement_signed_on",
            "starts_on",
            "ends_on",
        ]
        widgets = {
            "agreement_signed_on": DateInput(),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }
        field_classes = {"company": CompanyPickerField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.active().order_by("name", "pk")
        self.fields["capacity"].queryset = ComputeCapacity.objects.order_by("-starts_on")
        # Blank dates mean the whole period; the service fills them in and checks every day.
        for name in ("starts_on", "ends_on"):
            self.fields[name].required = False
        self.fields["starts_on"].help_text = _(
            "First day the project holds the compute; blank for the period's first day."
        )
        self.fields["ends_on"].help_text = _(
            "Last day the project holds the compute; blank for the period's last day."
        )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("starts_on"), cleaned.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("The compute cannot end before it starts."))
        amounts = ("pf_allocated", "gpu_hours_allocated")
        if not any(cleaned.get(name) for name in amounts) and not self.errors.keys() & set(amounts):
            raise forms.ValidationError(_("Allocate PF, GPU-hours or both."), code="amount")
        return cleaned


class AllocationUpdateForm(NormalizedFormMixin, forms.ModelForm):
    """The project's description and results; amounts change only through a reclaim."""

    class Meta:
        model = ComputeAllocation
        fields = ["project_title", "agreement_signed_on", "models_trained", "commercial_models"]
        widgets = {"agreement_signed_on": DateInput()}


class AllocationDatesForm(NormalizedFormMixin, forms.Form):
    """Input of `allocation_change_dates`; the service checks capacity and usage every day."""

    starts_on = forms.DateField(
        label=_("compute from"),
        widget=DateInput(),
        help_text=_("First day the project holds the compute."),
    )
    ends_on = forms.DateField(
        label=_("compute until"),
        widget=DateInput(),
        help_text=_("Last day the project holds the compute; it is free again the day after."),
    )
    reason = forms.CharField(
        label=_("reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the project is extended or ends early; kept with the change."),
    )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("starts_on"), cleaned.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("The compute cannot end before it starts."))
        return cleaned


class AllocationReclaimForm(NormalizedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the compute was used for instead; the firm sees this."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm: flag this allocation as off-purpose and reclaim its unused part."),
        error_messages={"required": _("Tick the box to confirm the reclaim.")},
    )


class UsageUploadForm(KrdsFormMixin, forms.Form):
    file = UploadField(
        kinds=TABLE_KINDS,
        label=_("Usage file (CSV or Excel)"),
        help_text=_("UTF-8 or CP949 CSV, or .xlsx; columns 과제번호, 사용일, GPU 사용시간."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].max_bytes = settings.IMPORT_MAX_BYTES
