"""Forms of the personal-data lifecycle: the consent fields every form that collects personal
data carries, data-subject requests, the destruction's confirmation, and the list filters."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from audit.kinds import KINDS
from audit.models import (
    CONSENT_BASES,
    Consent,
    ConsentBasis,
    ConsentScope,
    DataSubjectRequest,
    DestructionRecord,
    RequestKind,
    RequestOutcome,
    RetainedKind,
    SubjectType,
)
from core.filters import ALL
from core.forms import DateInput, NormalizedFilterForm, NormalizedFormMixin


class ConsentFieldsMixin:
    """A form that collects personal data shows the notice of its kind (purpose, items,
    retention, the right to refuse and what refusing means) with how the data was obtained
    (`consent_basis`), and a separate, optional box for consent to provision to the kind's
    third party (`third_party_consent`). The service the form feeds records both.

    An empty or missing basis means the kind's usual one, so posts without these fields still
    validate; with `keeps_recorded_basis` (edit forms) it means the one recorded before."""

    consent_subject_type = ""
    keeps_recorded_basis = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = KINDS[self.consent_subject_type]
        choices = list(ConsentBasis.choices)
        if self.keeps_recorded_basis:
            choices.insert(0, ("", gettext("As recorded before")))
        basis = forms.ChoiceField(
            label=_("How the personal data was obtained"),
            choices=choices,
            required=False,
            initial="" if self.keeps_recorded_basis else kind.default_basis,
            widget=forms.Select(attrs={"class": "krds-form-select"}),
            template_name="audit/includes/consent_notice.html",
        )
        basis.notice = kind
        self.fields["consent_basis"] = basis
        if kind.third_party is not None:
            box = forms.BooleanField(
                label=gettext("The person consents to the provision of their data to %(recipient)s")
                % {"recipient": kind.third_party.recipient},
                required=False,
                template_name="audit/includes/third_party_notice.html",
            )
            box.notice = kind.third_party
            self.fields["third_party_consent"] = box

    def clean_consent_basis(self):
        value = self.cleaned_data.get("consent_basis") or ""
        if not value and not self.keeps_recorded_basis:
            return KINDS[self.consent_subject_type].default_basis
        return value

    def clean(self):
        cleaned = super().clean()
        basis = cleaned.get("consent_basis")
        if cleaned.get("third_party_consent") and basis and basis not in CONSENT_BASES:
            self.add_error(
                "third_party_consent",
                gettext(
                    "Provision to a third party needs the person's consent: choose how the "
                    "consent was obtained."
                ),
            )
        return cleaned


class SubjectRequestForm(NormalizedFormMixin, forms.ModelForm):
    class Meta:
        model = DataSubjectRequest
        fields = [
            "kind",
            "received_on",
            "requester",
            "requester_contact",
            "subject_type",
            "person_concerned",
            "details",
            "notes",
        ]
        widgets = {
            "received_on": DateInput(),
            "details": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("received_on", timezone.localdate())
        self.fields["received_on"].help_text = _("The answer is due ten days after this date.")

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A request cannot be received in the future."))
        return value


class SubjectRequestNotesForm(NormalizedFormMixin, forms.Form):
    notes = forms.CharField(
        label=_("handling notes"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SubjectRequestAnswerForm(SubjectRequestNotesForm):
    answer = forms.CharField(
        label=_("answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    outcome = forms.ChoiceField(label=_("outcome"), choices=RequestOutcome.choices)
    answered_on = forms.DateField(label=_("answered on"), widget=DateInput())

    field_order = ["answer", "outcome", "answered_on", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("answered_on", timezone.localdate())
        # The page also shows the notes form: this copy says it is saved with the answer.
        self.fields["notes"].label = _("handling notes, saved with the answer")

    def clean_answered_on(self):
        value = self.cleaned_data["answered_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The answer date cannot be in the future."))
        return value


class DestroyConfirmForm(NormalizedFormMixin, forms.Form):
    """The privacy officer confirms the number they saw; more people past retention by the time
    the form is posted stop the destruction."""

    expected = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I approve the destruction of this personal data."),
        error_messages={"required": _("Tick the box to approve the destruction.")},
    )
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class ConsentFilter(django_filters.FilterSet):
    subject_type = django_filters.ChoiceFilter(
        label=_("whose data"),
        choices=[(kind, SubjectType(kind).label) for kind in KINDS],
        empty_label=ALL,
    )
    scope = django_filters.ChoiceFilter(
        label=_("scope"), choices=ConsentScope.choices, empty_label=ALL
    )
    subject_id = django_filters.NumberFilter(
        label=_("person id"), min_value=1, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )

    class Meta:
        model = Consent
        fields = ["subject_type", "scope", "subject_id"]
        form = NormalizedFilterForm


class DestructionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("kind of personal data"),
        choices=RetainedKind.choices,
        empty_label=ALL,
    )

    class Meta:
        model = DestructionRecord
        fields = ["kind"]
        form = NormalizedFilterForm


class SubjectRequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("status"),
        choices=[
            ("open", pgettext_lazy("data-subject request", "Open")),
            ("overdue", _("Overdue")),
            ("answered", _("Answered")),
        ],
        empty_label=ALL,
        method="filter_status",
    )
    kind = django_filters.ChoiceFilter(
        label=_("request"), choices=RequestKind.choices, empty_label=ALL
    )

    class Meta:
        model = DataSubjectRequest
        fields = ["status", "kind"]
        form = NormalizedFilterForm

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.open()
        if value == "overdue":
            return queryset.overdue()
        return queryset.filter(answered_on__isnull=False)
