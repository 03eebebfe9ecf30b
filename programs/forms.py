"""Forms of the programme screens: programmes, budgets, calls, applications, awards."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.forms import CompanyPickerField
from companies.models import GROWTH_STAGE_HELP, Company, GrowthStage
from core.forms import DateInput, MoneyField, NormalizedFormMixin
from core.submissions import FormTokenMixin
from programs.models import Application, AwardStatus, Call, Decision, Program
from programs.selectors import duplicate_awards

# Far above any programme's figures, far below the database's bigint: huge input is a form
# error, not an overflow.
MAX_KRW = 10**13
DUPLICATE_HELP = _(
    "Required when the company already has an award of this support type in the same year."
)


def won_field(label, **kwargs):
    return MoneyField(
        label=label,
        min_value=kwargs.pop("min_value", 1),
        max_value=MAX_KRW,
        help_text=kwargs.pop("help_text", _("In won, e.g. 15,000,000")),
        **kwargs,
    )


def year_field(**kwargs):
    return forms.IntegerField(label=_("year"), min_value=2000, max_value=2100, **kwargs)


class DuplicateCheckMixin:
    """Require `duplicate_reason` when the company already has awards of the same support
    type in the same year; the awards are kept in `self.duplicates` for the page."""

    duplicates: list = []

    def check_duplicates(self, *, company, support_type, year, exclude_pk=None) -> None:
        self.duplicates = duplicate_awards(
            company=company, support_type=support_type, year=year, exclude_pk=exclude_pk
        )
        if self.duplicates and not self.cleaned_data.get("duplicate_reason"):
            self.add_error(
                "duplicate_reason",
                _(
                    "This company already has support of this type in %(year)s (listed above); "
                    "give a reason to go ahead."
                )
                % {"year": year},
            )


class ProgramForm(NormalizedFormMixin, forms.ModelForm):
    class Meta:
        model = Program
        fields = ["name", "support_type", "description", "follow_up_years"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the post-support period is the usual one.
        self.fields["follow_up_years"].required = False

    def clean_follow_up_years(self):
        value = self.cleaned_data["follow_up_years"]
        default = Program._meta.get_field("follow_up_years").default
        return default if value is None else value


class ProgramCreateForm(ProgramForm):
    budget_year = year_field(required=False, help_text=_("The first budget year, e.g. 2022"))
    budget_krw = won_field(_("budget (won)"), min_value=0, required=False)

    def clean(self):
        cleaned = super().clean()
        year, amount = cleaned.get("budget_year"), cleaned.get("budget_krw")
        typed_cleanly = not (self.has_error("budget_year") or self.has_error("budget_krw"))
        if typed_cleanly and (year is None) != (amount is None):
            self.add_error("budget_krw", _("Give both the budget year and the amount, or neither."))
        return cleaned


class ProgramBudgetForm(NormalizedFormMixin, forms.Form):
    year = year_field()
    amount_krw = won_field(_("budget (won)"), min_value=0)


class CallForm(NormalizedFormMixin, forms.ModelForm):
    eligible_stages = forms.MultipleChoiceField(
        label=_("eligible growth stages"),
        choices=GrowthStage.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=GROWTH_STAGE_HELP,
    )

    class Meta:
        model = Call
        fields = ["program", "title", "opens_on", "closes_on", "eligible_stages", "description"]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_eligible_stages(self):
        chosen = set(self.cleaned_data["eligible_stages"])
        return [value for value in GrowthStage.values if value in chosen]

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("A call cannot close before it opens."))
        return cleaned


class ApplicationForm(DuplicateCheckMixin, NormalizedFormMixin, forms.Form):
    company = CompanyPickerField(label=_("company"))
    applied_on = forms.DateField(label=_("applied on"), widget=DateInput())
    duplicate_reason = forms.CharField(
        label=_("reason for duplicate support"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=DUPLICATE_HELP,
    )

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["company"].queryset = Company.objects.active().order_by("name", "pk")
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("applied_on", min(max(today, call.opens_on), call.closes_on))

    def clean(self):
        cleaned = super().clean()
        company, applied_on = cleaned.get("company"), cleaned.get("applied_on")
        if company and applied_on:
            self.check_duplicates(
                company=company,
                support_type=self.call.program.support_type,
                year=applied_on.year,
            )
        return cleaned


class EvaluationForm(NormalizedFormMixin, forms.Form):
    score = forms.IntegerField(
        label=_("score"), min_value=0, max_value=100, help_text=_("0 to 100")
    )
    comment = forms.CharField(
        label=_("comment"), required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )


class DecisionForm(NormalizedFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("selection decision"),
        choices=[
            (Decision.SELECTED, Decision.SELECTED.label),
            (Decision.NOT_SELECTED, Decision.NOT_SELECTED.label),
        ],
        widget=forms.RadioSelect,
    )
    decision_reason = forms.CharField(
        label=_("reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the application is not selected."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == Decision.NOT_SELECTED and not cleaned.get("decision_reason"):
            self.add_error(
                "decision_reason", _("Give a reason when an application is not selected.")
            )
        return cleaned


class AwardForm(DuplicateCheckMixin, NormalizedFormMixin, forms.Form):
    program = forms.ModelChoiceField(label=_("programme"), queryset=Program.objects.none())
    company = CompanyPickerField(label=_("company"))
    awarded_on = forms.DateField(label=_("awarded on"), widget=DateInput())
    amount_krw = won_field(_("amount (won)"))
    starts_on = forms.DateField(label=_("support starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("support ends on"), widget=DateInput())
    # Cancelling is a dated status change of a recorded award (award_change_status).
    status = forms.ChoiceField(
        label=_("status"),
        choices=[choice for choice in AwardStatus.choices if choice[0] != AwardStatus.CANCELLED],
    )
    duplicate_reason = forms.CharField(
        label=_("reason for duplicate support"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=DUPLICATE_HELP,
    )

    def __init__(self, *args, application: Application | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        if application is None:
            self.fields["program"].queryset = Program.objects.order_by("name")
            self.fields["company"].queryset = Company.objects.active().order_by("name", "pk")
        else:
            del self.fields["program"]
            del self.fields["company"]
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("awarded_on", today)
            self.initial.setdefault("starts_on", today)
            self.initial.setdefault("ends_on", today.replace(month=12, day=31))
            self.initial.setdefault("status", AwardStatus.PLANNED)
            if application is not None:
                self.initial.setdefault("duplicate_reason", application.duplicate_reason)

    def target(self) -> tuple:
        """(programme, company) the award is for."""
        if self.application is not None:
            return self.application.call.program, self.application.company
        return self.cleaned_data.get("program"), self.cleaned_data.get("company")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The support period cannot end before it starts."))
        program, company = self.target()
        if program and company and cleaned.get("awarded_on"):
            self.check_duplicates(
                company=company,
                support_type=program.support_type,
                year=cleaned["awarded_on"].year,
            )
        return cleaned


class InstalmentForm(FormTokenMixin, NormalizedFormMixin, forms.Form):
    due_on = forms.DateField(label=_("due on"), widget=DateInput())
    amount_krw = won_field(pgettext_lazy("instalment", "amount (won)"))


class DisbursementForm(FormTokenMixin, NormalizedFormMixin, forms.Form):
    paid_on = forms.DateField(label=_("paid on"), widget=DateInput())
    amount_krw = won_field(pgettext_lazy("disbursement", "amount (won)"))
    note = forms.CharField(label=_("note"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("paid_on", timezone.localdate())


class AwardStatusForm(NormalizedFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=AwardStatus.choices)
    confirm_cancel = forms.BooleanField(
        label=_(
            "When cancelling: I confirm. A cancelled award is closed for good: no instalment or "
            "disbursement can be added, its status cannot change again, and it leaves the "
            "support totals."
        ),
        required=False,
    )
    cancelled_on = forms.DateField(
        label=_("cancelled on"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "When cancelling: the day the cancellation took effect (today if left empty). "
            "Reports as of an earlier day still count the award."
        ),
    )

    def __init__(self, *args, award=None, **kwargs):
        super().__init__(*args, **kwargs)
        if award is not None and award.disbursed_krw:
            # Cancelling would only fail (money was paid out): not offered; the service refuses.
            self.fields["status"].choices = [
                choice for choice in AwardStatus.choices if choice[0] != AwardStatus.CANCELLED
            ]
            del self.fields["confirm_cancel"]
            del self.fields["cancelled_on"]
        elif not self.is_bound:
            default = award.last_cancellation_day() if award else timezone.localdate()
            self.initial.setdefault("cancelled_on", default)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == AwardStatus.CANCELLED and not cleaned.get("confirm_cancel"):
            self.add_error(
                "confirm_cancel", _("Tick the box to confirm the cancellation of the award.")
            )
        return cleaned
