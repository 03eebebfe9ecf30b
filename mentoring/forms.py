from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.forms import ConsentFieldsMixin
from audit.models import SubjectType
from companies.models import Industry
from core.autocomplete import AutocompleteField
from core.forms import DateInput, NormalizedFormMixin
from core.submissions import FormTokenMixin
from core.uploads import DOCUMENT_KINDS, UploadField
from mentoring.models import MAX_SESSION_HOURS, MentorAssignment, MentorProfile
from users.models import Role, User

HOURS_BUDGET_HELP = _("Hours of mentoring this company may receive from this mentor, e.g. 20.")


def hours_field(label, *, max_value, help_text=""):
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0.1"),
        max_value=max_value,
        max_digits=6,
        decimal_places=1,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )


class MentorProfileForm(ConsentFieldsMixin, NormalizedFormMixin, forms.ModelForm):
    consent_subject_type = SubjectType.MENTOR
    focus_industries = forms.MultipleChoiceField(
        label=_("focus industries"),
        choices=Industry.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(),
    )

    class Meta:
        model = MentorProfile
        fields = ["user", "expertise", "affiliation", "focus_industries", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["user"]
        else:
            # Mentors who have no profile yet.
            self.fields["user"].queryset = User.objects.filter(
                role=Role.MENTOR, is_active=True, mentor_profile__isnull=True
            ).order_by("name", "email")
            self.fields["user"].empty_label = _("- Select -")

    @property
    def keeps_recorded_basis(self) -> bool:
        """Editing a profile keeps the basis recorded when it was created, unless changed."""
        return self.instance.pk is not None

    def clean_focus_industries(self):
        # The order of Industry, whatever order the boxes came in.
        chosen = set(self.cleaned_data["focus_industries"])
        return [value for value in Industry.values if value in chosen]


class MentorPickerField(AutocompleteField):
    """A mentor, searched by name, e-mail, expertise or affiliation
    (mentoring:mentor_autocomplete)."""

    url_name = "mentoring:mentor_autocomplete"

    def label_from_instance(self, obj):
        profile = getattr(obj, "mentor_profile", None)
        return f"{obj.display_name} · {profile.expertise}" if profile else obj.display_name

    def search(self, queryset, text):
        return queryset.filter(
            Q(name__icontains=text)
            | Q(email__icontains=text)
            | Q(mentor_profile__expertise__icontains=text)
            | Q(mentor_profile__affiliation__icontains=text)
        ).order_by("name", "email")


class AssignmentForm(NormalizedFormMixin, forms.Form):
    mentor = MentorPickerField(label=_("mentor"))
    started_on = forms.DateField(label=_("started on"), widget=DateInput())
    hours_budget = hours_field(
        _("hours budget"), max_value=Decimal("9999.9"), help_text=HOURS_BUDGET_HELP
    )
    reason = forms.CharField(label=_("note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = (
            User.objects.filter(role=Role.MENTOR, is_active=True)
            .select_related("mentor_profile")
            .order_by("name", "email")
        )
        if not self.is_bound:
            self.initial.setdefault("started_on", timezone.localdate())


class UnassignForm(NormalizedFormMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500, required=False)


class BudgetChangeForm(NormalizedFormMixin, forms.Form):
    hours_budget = hours_field(
        _("new hours budget"), max_value=Decimal("9999.9"), help_text=HOURS_BUDGET_HELP
    )
    reason = forms.CharField(label=_("reason"), max_length=500, required=False)


class SessionForm(FormTokenMixin, NormalizedFormMixin, forms.Form):
    """A mentor records a session with one of the companies assigned to them now."""

    assignment = forms.ModelChoiceField(
        label=_("company"), queryset=MentorAssignment.objects.none(), empty_label=_("- Select -")
    )
    held_on = forms.DateField(label=_("date"), widget=DateInput())
    duration_hours = hours_field(
        _("duration (hours)"), max_value=MAX_SESSION_HOURS, help_text=_("e.g. 1.5")
    )
    topic = forms.CharField(label=_("topic"), max_length=200)
    notes = forms.CharField(
        label=_("notes"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Private: only you and the programme staff see these notes."),
    )
    next_steps = forms.CharField(
        label=_("next steps"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The firm sees the next steps."),
    )
    attachment = UploadField(
        kinds=DOCUMENT_KINDS,
        label=_("attachment"),
        required=False,
        help_text=_("Optional: PDF, PNG, JPEG, HWP/HWPX, XLSX or DOCX, up to 20 MB."),
        widget=forms.ClearableFileInput,
    )

    def __init__(self, *args, mentor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = (
            MentorAssignment.objects.visible_to(mentor)
            .filter(mentor=mentor)
            .current()
            .select_related("company")
            .order_by("company__name", "pk")
        )
        self.fields["assignment"].label_from_instance = lambda assignment: assignment.company.name
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A session cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        assignment, held_on = cleaned.get("assignment"), cleaned.get("held_on")
        if assignment and held_on and held_on < assignment.started_on:
            self.add_error(
                "held_on",
                _("The assignment started on %(date)s; the session cannot be earlier.")
                % {"date": assignment.started_on.isoformat()},
            )
        return cleaned


class SessionRejectForm(NormalizedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The mentor sees this reason."),
    )
