"""Forms of the MOU and relocation screens; the services check the same rules again."""

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from companies.forms import CompanyPickerField
from core.forms import DateInput, MoneyField, NormalizedFormMixin
from core.uploads import PDF_KINDS, UploadField
from mous.models import Mou, MouStage, Relocation
from mous.services import CHANGEABLE_STAGES, MOU_EDITABLE_FIELDS


def _mou_field(name: str, **kwargs) -> forms.Field:
    return Mou._meta.get_field(name).formfield(**kwargs)


def _relocation_field(name: str, **kwargs) -> forms.Field:
    return Relocation._meta.get_field(name).formfield(**kwargs)


def _capitalize_labels(form: forms.Form) -> None:
    """Labels as Django's model form fields give them, whether declared here or not."""
    for field in form.fields.values():
        field.label = capfirst(field.label)


def _not_future(form: forms.Form, field: str, message) -> None:
    value = form.cleaned_data.get(field)
    if value and value > timezone.localdate():
        form.add_error(field, message)


class MouForm(NormalizedFormMixin, forms.Form):
    """Create an MOU, or edit one: a signed MOU's signature fields are no longer editable."""

    company = CompanyPickerField(label=_("company"))
    signed_on = forms.DateField(label=_("signed on"), required=False, widget=DateInput())
    parties = _mou_field("parties", widget=forms.Textarea(attrs={"rows": 2}))
    planned_investment_krw = MoneyField(
        label=_("planned investment (won)"),
        min_value=0,
        max_value=10**15,
        initial=0,
        help_text=_("In won, e.g. 1,500,000,000"),
    )
    planned_local_hires = _mou_field("planned_local_hires", max_value=100_000)
    relocation_type = _mou_field("relocation_type")
    next_follow_up_on = _mou_field("next_follow_up_on", widget=DateInput())
    document = UploadField(
        kinds=PDF_KINDS,
        label=_("signed document (PDF)"),
        required=False,
        help_text=_("The signed MOU as a PDF file, at most 20 MB."),
        widget=forms.FileInput,
    )
    is_signed_outside = forms.BooleanField(label=_("signed outside the system"), required=False)
    signed_outside_on = forms.DateField(
        label=_("date signed outside the system"), required=False, widget=DateInput()
    )
    note = _mou_field("note", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, mou: Mou | None = None, **kwargs):
        if mou is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                field: getattr(mou, field)
                for field in (*MOU_EDITABLE_FIELDS, "signed_on", "signed_outside_on")
            } | {"is_signed_outside": mou.is_signed_outside}
        super().__init__(*args, **kwargs)
        _capitalize_labels(self)
        self.mou = mou
        if mou is None:
            self.fields["company"].queryset = CompanyPickerField.offered_to(user)
            self.fields["document"].help_text = _(
                "The signed MOU as a PDF file, at most 20 MB. Without the document or the "
                "'signed outside the system' tick, the MOU is saved as a draft."
            )
            return
        del self.fields["company"]
        if mou.stage != MouStage.DRAFT:
            for name in ("signed_on", "is_signed_outside", "signed_outside_on"):
                del self.fields[name]
            self.fields["document"].label = _("Replace the signed document (PDF)")

    def clean(self):
        cleaned = super().clean()
        if "signed_on" not in self.fields:  # signed already: only the document may change
            return cleaned
        document = cleaned.get("document")
        outside = cleaned.get("is_signed_outside")
        if document and outside:
            self.add_error(
                "is_signed_outside",
                _(
                    "Upload the signed document or mark the MOU as signed outside the system, "
                    "not both."
                ),
            )
        if outside and not cleaned.get("signed_outside_on") and "signed_outside_on" in cleaned:
            self.add_error(
                "signed_outside_on", _("Enter the date the MOU was signed outside the system.")
            )
        if cleaned.get("signed_outside_on") and not outside:
            self.add_error(
                "is_signed_outside",
                _("Tick 'signed outside the system' for this date, or clear the date."),
            )
        if (document or outside) and not cleaned.get("signed_on") and "signed_on" in cleaned:
            self.add_error("signed_on", _("Enter the date the MOU was signed."))
        _not_future(self, "signed_on", _("The signing date cannot be in the future."))
        _not_future(self, "signed_outside_on", _("The signing date cannot be in the future."))
        signed_on, follow_up = cleaned.get("signed_on"), cleaned.get("next_follow_up_on")
        if signed_on and follow_up and follow_up < signed_on:
            self.add_error(
                "next_follow_up_on", _("The next follow-up cannot be before the signing date.")
            )
        return cleaned


class MouStageChangeForm(NormalizedFormMixin, forms.Form):
    stage = forms.ChoiceField(label=_("follow-through stage"))
    effective_on = forms.DateField(label=_("effective on"), widget=DateInput())
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def __init__(self, *args, mou: Mou, **kwargs):
        super().__init__(*args, **kwargs)
        _capitalize_labels(self)
        self.fields["stage"].choices = [
            (value, label)
            for value, label in MouStage.choices
            if value in CHANGEABLE_STAGES and value != mou.stage
        ]
        if not self.is_bound:
            self.initial.setdefault("effective_on", timezone.localdate())

    def clean_effective_on(self):
        value = self.cleaned_data["effective_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A stage change cannot take effect in the future."))
        return value


class MouChoiceField(forms.ModelChoiceField):
    """A signed MOU. Any in `queryset` is a valid choice, so that the form can refuse another
    company's with its own message; the list offers only one company's (`offer`)."""

    def label_from_instance(self, obj):
        return _("%(company)s · signed %(date)s") % {
            "company": obj.company.name,
            "date": obj.signed_on.isoformat() if obj.signed_on else "-",
        }

    def offer(self, company_id: int | None) -> None:
        """List the MOUs of company `company_id` only (none when no company is chosen)."""
        choices = self.iterator(self)
        choices.queryset = (
            self.queryset.filter(company=company_id) if company_id else self.queryset.none()
        )
        self.widget.choices = choices


class RelocationForm(NormalizedFormMixin, forms.Form):
    """Record or correct a move to Gwangju; the linked MOU must be the same firm's."""

    company = CompanyPickerField(label=_("company"))
    mou = MouChoiceField(
        label=_("linked MOU"),
        queryset=Mou.objects.none(),
        required=False,
        help_text=_("Only signed MOUs of the same company can be linked."),
    )
    from_region = _relocation_field("from_region")
    moved_on = _relocation_field("moved_on", widget=DateInput())
    relocation_type = _relocation_field("relocation_type")
    gwangju_address = _relocation_field(
        "gwangju_address", help_text=_("e.g. 광주광역시 북구 첨단과기로 123")
    )
    note = _relocation_field("note", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, relocation: Relocation | None = None, **kwargs):
        if relocation is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "mou": relocation.mou_id,
                "from_region": relocation.from_region,
                "moved_on": relocation.moved_on,
                "relocation_type": relocation.relocation_type,
                "gwangju_address": relocation.gwangju_address,
                "note": relocation.note,
            }
        super().__init__(*args, **kwargs)
        _capitalize_labels(self)
        self.relocation = relocation
        mou_field = self.fields["mou"]
        mou_field.queryset = (
            Mou.objects.visible_to(user)
            .signed()
            .select_related("company")
            .order_by("signed_on", "pk")
        )
        if relocation is not None:
            del self.fields["company"]
            mou_field.offer(relocation.company_id)
            return
        # The same companies as the picker's list of matches, whether chosen there or typed.
        self.fields["company"].queryset = CompanyPickerField.offered_to(user)
        mou_field.help_text = _(
            "The signed MOUs of the company chosen above; choose the company first."
        )
        # Once a company is chosen (autocomplete.js fires "change" on the picker's value), this
        # page's own address with ?company= gives the list for it. A bound form's list is set
        # in clean().
        mou_field.widget.attrs.update(
            {
                "hx-get": reverse("mous:relocation_create"),
                "hx-trigger": "change from:[name=company]",
                "hx-include": "[name=company]",
                "hx-params": "company",
                "hx-select": f"#{self['mou'].auto_id}",
                "hx-target": "this",
                "hx-swap": "outerHTML",
            }
        )
        mou_field.offer(None if self.is_bound else self._initial_company_id())

    def clean_gwangju_address(self):
        value = self.cleaned_data["gwangju_address"]
        if "광주" not in value and "gwangju" not in value.lower():
            raise forms.ValidationError(
                _("Enter the address in Gwangju (광주광역시 ...) the firm moved to.")
            )
        return value

    def clean_moved_on(self):
        value = self.cleaned_data["moved_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The move date cannot be in the future."))
        return value

    def _initial_company_id(self) -> int | None:
        company = self.initial.get("company")
        return getattr(company, "pk", company)

    def clean(self):
        cleaned = super().clean()
        company, mou = cleaned.get("company"), cleaned.get("mou")
        company_id = company.pk if company else getattr(self.relocation, "company_id", None)
        if mou and company_id and mou.company_id != company_id:
            self.add_error("mou", _("The linked MOU must be one of this company's MOUs."))
        if self.relocation is None:
            # The page comes back listing the chosen company's MOUs (or, while the company is
            # not settled, those of the MOU chosen).
            self.fields["mou"].offer(company_id or (mou.company_id if mou else None))
        return cleaned
