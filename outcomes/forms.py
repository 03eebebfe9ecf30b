"""Forms of the outcome reports: the firm's figures, patents, evidence; the staff review."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import ALL, ModelChoiceFilter, YearFilter, search_widget
from core.forms import KrdsFormMixin, NormalizedFilterForm, NormalizedFormMixin
from core.submissions import FormTokenMixin
from core.text import normalize_text
from core.uploads import DOCUMENT_KINDS, UploadField
from outcomes.models import (
    FIGURE_FIELDS,
    OutcomeReport,
    OutcomeStatus,
    Patent,
    PatentStatus,
    ReportingPeriod,
    figure_choices,
    figure_label,
    reviewable_field_choices,
)


class OutcomeFiguresForm(NormalizedFormMixin, forms.ModelForm):
    """The firm's figures; fields staff did not reopen are shown but disabled."""

    class Meta:
        model = OutcomeReport
        fields = list(FIGURE_FIELDS)

    def __init__(self, *args, editable=FIGURE_FIELDS, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = True
            if name not in editable:
                field.disabled = True


class PatentForm(FormTokenMixin, NormalizedFormMixin, forms.ModelForm):
    class Meta:
        model = Patent
        fields = [
            "application_number",
            "applied_on",
            "title",
            "status",
            "registration_number",
            "registered_on",
        ]
        widgets = {
            "applied_on": forms.DateInput(attrs={"type": "date"}),
            "registered_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        data = super().clean()
        if data.get("status") == PatentStatus.REGISTERED and not (
            data.get("registration_number") and data.get("registered_on")
        ):
            raise forms.ValidationError(
                _("A registered patent needs its registration number and date.")
            )
        return data

    def validate_unique(self):
        # The service checks the normalised number and names where it is recorded.
        pass


class EvidenceUploadForm(FormTokenMixin, KrdsFormMixin, forms.Form):
    file = UploadField(
        kinds=DOCUMENT_KINDS,
        label=_("Evidence file"),
        help_text=_("PDF, PNG or JPEG image, HWP/HWPX, XLSX or DOCX; at most 20 MB."),
    )
    figure = forms.ChoiceField(
        label=_("Figure it supports"),
        required=False,
        choices=lambda: [("", _("The report as a whole")), *figure_choices()],
        help_text=_(
            "Staff accept a figure counted by an indicator that requires evidence only with a "
            "file for it, e.g. the insurance roster for employees."
        ),
    )


class OutcomeSubmitForm(forms.Form):
    """The firm confirms the submission, knowing what it locks."""

    confirm = forms.BooleanField(
        label=_(
            "I confirm the submission. While the agency reviews the report, its figures, "
            "patents and evidence are locked; only the parts staff reopen can be changed."
        ),
        error_messages={"required": _("Tick the box to confirm the submission.")},
    )


class ReviewDecisionForm(NormalizedFormMixin, forms.Form):
    """Staff decide on a report: accept, request changes (fields and reason) or reopen."""

    ACCEPT = "accept"
    REQUEST_CHANGES = "request_changes"
    REOPEN = "reopen"

    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ACCEPT, _("Accept")),
            (REQUEST_CHANGES, _("Request changes")),
            (REOPEN, _("Reopen an accepted report")),
        ],
        widget=forms.RadioSelect,
    )
    fields = forms.MultipleChoiceField(
        label=_("Parts to reopen"),
        required=False,
        choices=reviewable_field_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, status: str | None = None, missing: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # A figure that needs evidence and has none: accepting it takes a recorded reason.
        for figure, requirements in (missing or {}).items():
            self.fields[f"waive_{figure}"] = forms.CharField(
                label=_("Reason for accepting %(figure)s without evidence")
                % {"figure": figure_label(figure)},
                help_text=_("Required evidence: %(evidence)s")
                % {"evidence": "; ".join(dict.fromkeys(r.evidence for r in requirements))},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.waiver_figures = list(missing or {})
        # Offer only the decisions the report's state allows; the services check again.
        allowed = {
            OutcomeStatus.SUBMITTED: (self.ACCEPT, self.REQUEST_CHANGES),
            OutcomeStatus.ACCEPTED: (self.REOPEN,),
        }.get(status)
        if allowed:
            field = self.fields["action"]
            field.choices = [c for c in field.choices if c[0] in allowed]

    def waivers(self) -> dict[str, str]:
        """Figure → the waiver reason typed for it."""
        return {f: self.cleaned_data.get(f"waive_{f}", "") for f in self.waiver_figures}


class OutcomeReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=100,
        widget=search_widget(_("Company name")),
    )
    period = ModelChoiceFilter(
        label=_("reporting period"),
        queryset=ReportingPeriod.objects.order_by("-year", "-quarter"),
        empty_label=ALL,
    )
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=OutcomeStatus.choices, empty_label=ALL
    )

    class Meta:
        model = OutcomeReport
        fields = ["q", "period", "status"]
        form = NormalizedFilterForm

    def filter_search(self, queryset, name, value):
        value = normalize_text(value)
        return queryset.filter(company__name__icontains=value) if value else queryset


class PatentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=100,
        widget=search_widget(_("Company, title or number")),
    )
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=PatentStatus.choices, empty_label=ALL
    )
    report_status = django_filters.ChoiceFilter(
        label=_("report status"),
        field_name="report__status",
        choices=OutcomeStatus.choices,
        empty_label=ALL,
    )

    class Meta:
        model = Patent
        fields = ["q", "status", "report_status"]
        form = NormalizedFilterForm

    def filter_search(self, queryset, name, value):
        value = normalize_text(value)
        if not value:
            return queryset
        digits = "".join(c for c in value if c.isdigit())
        condition = Q(company__name__icontains=value) | Q(title__icontains=value)
        if digits:
            condition |= Q(application_number__contains=digits)
        return queryset.filter(condition)


class ReportingPeriodForm(NormalizedFormMixin, forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["year", "quarter", "opens_on", "due_on"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "due_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {"quarter": _("Leave empty for a yearly period.")}

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 2000 and 2100."))
        return year


class ReportingPeriodFilter(django_filters.FilterSet):
    year = YearFilter(label=_("year"))

    class Meta:
        model = ReportingPeriod
        fields = ["year"]
        form = NormalizedFilterForm
