import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.forms import ConsentFieldsMixin
from audit.models import SubjectType
from companies.models import (
    GROWTH_STAGE_HELP,
    Company,
    CompanyContact,
    GrowthStage,
    Interaction,
    Person,
    StageChange,
)
from core.autocomplete import AutocompleteField
from core.forms import DateInput, DateTimeInput, NormalizedFormMixin
from core.submissions import FormTokenMixin
from core.text import digits_only
from core.validators import clean_business_number, validate_corporate_number
from users.models import Role, User

KSIC_PATTERN = re.compile(r"[A-U]?[0-9]{1,5}")


class CompanyPickerField(AutocompleteField):
    """A company, searched by name or registration number (companies:autocomplete)."""

    url_name = "companies:autocomplete"

    @classmethod
    def offered_to(cls, user):
        """Active companies `user` may see (a deactivated one is neither listed nor found)."""
        return Company.objects.visible_to(user).active()

    def label_from_instance(self, obj):
        number = obj.business_number_display
        return f"{obj.name} ({number})" if number else obj.name


class CompanyForm(NormalizedFormMixin, forms.ModelForm):
    business_number = forms.CharField(
        label=_("business registration number"),
        max_length=12,
        required=False,
        help_text=_("10 digits, e.g. 123-45-67890; empty only for a pre-startup."),
    )
    corporate_number = forms.CharField(
        label=_("corporate registration number"),
        max_length=14,
        required=False,
        help_text=_("13 digits, e.g. 110111-1234567"),
    )

    class Meta:
        model = Company
        fields = [
            "name",
            "business_number",
            "corporate_number",
            "representative",
            "founded_on",
            "address",
            "is_in_gwangju",
            "industry",
            "ksic_code",
            "employee_count",
            "website",
            "description",
            "assigned_staff",
            "is_active",
            "deactivated_on",
        ]
        widgets = {
            "founded_on": DateInput(),
            "deactivated_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_staff"].queryset = User.objects.filter(
            role=Role.STAFF, is_active=True
        )
        if self.instance.pk is None:
            del self.fields["is_active"]
            del self.fields["deactivated_on"]
        else:
            self.fields["deactivated_on"].help_text = _(
                "Filled with today when you untick Active and leave it empty."
            )
            self.initial["business_number"] = self.instance.business_number_display

    def clean_business_number(self):
        if not self.cleaned_data["business_number"].strip():
            return ""  # a pre-startup's; clean() checks the stage
        number = clean_business_number(self.cleaned_data["business_number"])
        clash = Company.objects.filter(business_number=number).exclude(pk=self.instance.pk).first()
        if clash:
            raise forms.ValidationError(
                _("Business registration number %(number)s is already registered to %(name)s.")
                % {"number": clash.business_number_display, "name": clash.name},
                code="duplicate",
            )
        return number

    def clean_corporate_number(self):
        value = self.cleaned_data["corporate_number"]
        if not value:
            return ""
        digits = digits_only(value)
        validate_corporate_number(digits if digits == value.replace("-", "") else value)
        return digits

    def clean_ksic_code(self):
        value = self.cleaned_data["ksic_code"].upper()
        if value and not KSIC_PATTERN.fullmatch(value):
            raise forms.ValidationError(
                _("KSIC code: up to five digits, optionally after a section letter (J58221)."),
                code="ksic",
            )
        return value

    def clean_founded_on(self):
        value = self.cleaned_data["founded_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The founding date cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        self._check_business_number_needed(cleaned)
        if "is_active" not in self.fields:
            return cleaned
        # The same rule as companies.services.company_set_active: an inactive company has
        # the date it closed or left, an active one none.
        if cleaned.get("is_active"):
            cleaned["deactivated_on"] = None
        elif "deactivated_on" not in self.errors:
            on = cleaned.get("deactivated_on") or timezone.localdate()
            if on > timezone.localdate():
                self.add_error(
                    "deactivated_on", _("The deactivation date cannot be in the future.")
                )
            cleaned["deactivated_on"] = on
        return cleaned

    def _stage(self, cleaned: dict) -> str:
        return self.instance.stage

    def _check_business_number_needed(self, cleaned: dict) -> None:
        """Only a pre-startup, not founded yet, may go without a registration number (the
        constraint company_registered_has_business_number)."""
        if cleaned.get("business_number") != "":
            return
        if self._stage(cleaned) != GrowthStage.PRE_STARTUP or cleaned.get("founded_on"):
            self.add_error(
                "business_number",
                forms.ValidationError(
                    _(
                        "Enter the business registration number: only a pre-startup that "
                        "has not registered its business yet may leave it empty."
                    ),
                    code="required",
                ),
            )


class CompanyCreateForm(CompanyForm):
    stage = forms.ChoiceField(
        label=_("growth stage"),
        choices=[("", _("- Select -")), *GrowthStage.choices],
        required=False,
        help_text=GROWTH_STAGE_HELP,
    )
    stage_effective_on = forms.DateField(
        label=_("stage effective on"), required=False, widget=DateInput()
    )

    def _stage(self, cleaned: dict) -> str:
        return cleaned.get("stage") or ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stage_effective_on") and not cleaned.get("stage"):
            self.add_error("stage", _("Choose the growth stage this date belongs to."))
        effective, stage = cleaned.get("stage_effective_on"), cleaned.get("stage")
        if effective:
            company = Company(founded_on=cleaned.get("founded_on"))
            message = company.stage_date_error(stage=stage, effective_on=effective)
            if message:
                self.add_error("stage_effective_on", message)
        return cleaned


class StageChangeForm(NormalizedFormMixin, forms.ModelForm):
    class Meta:
        model = StageChange
        fields = ["stage", "effective_on", "note"]
        widgets = {"effective_on": DateInput()}

    def __init__(self, *args, company: Company | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = company
        latest = company.stage_changes.first() if company is not None else None
        if latest is not None:
            # Say before the user types which dates the service accepts.
            self.fields["effective_on"].help_text = gettext(
                "The current stage is %(stage)s since %(date)s; a change takes effect after "
                "that date and no later than today."
            ) % {"stage": latest.get_stage_display(), "date": latest.effective_on.isoformat()}

    def clean(self):
        cleaned = super().clean()
        effective, stage = cleaned.get("effective_on"), cleaned.get("stage")
        if effective and self.company is not None:
            message = self.company.stage_date_error(stage=stage, effective_on=effective)
            if message:
                self.add_error("effective_on", message)
        return cleaned


class ContactForm(ConsentFieldsMixin, NormalizedFormMixin, forms.Form):
    consent_subject_type = SubjectType.PERSON

    name = forms.CharField(label=_("name"), max_length=100)
    title = forms.CharField(label=_("role or title"), max_length=100, required=False)
    email = forms.EmailField(label=_("e-mail address"), required=False)
    phone = forms.CharField(label=_("phone"), max_length=30, required=False)
    is_primary = forms.BooleanField(label=_("main contact"), required=False)

    def clean_phone(self):
        value = self.cleaned_data["phone"]
        if value and not all(ch.isdigit() or ch in "+-() " for ch in value):
            raise forms.ValidationError(
                _("Phone numbers may contain only digits, spaces, +, - and brackets.")
            )
        return value


class InteractionForm(FormTokenMixin, NormalizedFormMixin, forms.ModelForm):
    class Meta:
        model = Interaction
        fields = [
            "kind",
            "occurred_at",
            "participants",
            "other_participants",
            "summary",
            "follow_up_on",
        ]
        widgets = {
            "occurred_at": DateTimeInput(),
            "follow_up_on": DateInput(),
            "participants": forms.CheckboxSelectMultiple(),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, company: Company, contacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = Person.objects.filter(
            company_links__company=company
        ).order_by("name")
        if contacts is not None:
            # The page's prefetched contact links draw the choices; the queryset still checks
            # what is posted.
            people = sorted({link.person for link in contacts}, key=lambda p: (p.name, p.pk))
            self.fields["participants"].choices = [(person.pk, str(person)) for person in people]
        if not self.is_bound:
            self.initial.setdefault(
                "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def clean(self):
        cleaned = super().clean()
        occurred, follow_up = cleaned.get("occurred_at"), cleaned.get("follow_up_on")
        if occurred and follow_up and follow_up < timezone.localtime(occurred).date():
            self.add_error(
                "follow_up_on", _("The follow-up date cannot be before the interaction.")
            )
        return cleaned


class CompanyContactEditForm(ContactForm):
    """Edit a contact link and its person (portal and staff)."""

    keeps_recorded_basis = True

    @classmethod
    def initial_for(cls, link: CompanyContact) -> dict:
        person = link.person
        return {
            "name": person.name,
            "title": link.title,
            "email": person.email,
            "phone": person.phone,
            "is_primary": link.is_primary,
        }
