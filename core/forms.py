from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from core.exports import ExportFormat, ExportPurpose
from core.text import normalize_text


def _normalize(value):
    return normalize_text(value) if isinstance(value, str) else value


class KrdsFormMixin:
    """Give widgets the KRDS classes, so every form looks like a Korean public service."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.RadioSelect):
                continue
            if isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "krds-form-select"
            elif isinstance(widget, forms.Textarea):
                css = "krds-input krds-textarea"
            elif isinstance(widget, forms.FileInput):
                css = "krds-file-input"
            else:
                css = "krds-input"
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()


class NormalizedFormMixin(KrdsFormMixin):
    """Every project form: KRDS styling, and submitted text NFC-normalised and trimmed.

    Decomposed (NFD) Hangul from some Mac and Linux input methods is then stored, and searched,
    the same way as Hangul typed on Windows.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            return
        if hasattr(self.data, "lists"):
            data = self.data.copy()
            for key, values in self.data.lists():
                data.setlist(key, [_normalize(v) for v in values])
            self.data = data
        else:
            self.data = {key: _normalize(value) for key, value in self.data.items()}


class NormalizedFilterForm(NormalizedFormMixin, forms.Form):
    """The form class of list filters (django-filter), so search terms are NFC too."""


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class KrdsFormRenderer(TemplatesSetting):
    """`{{ form }}` and `{{ field.as_field_group }}` render KRDS form groups."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"


class ExportPurposeForm(KrdsFormMixin, forms.Form):
    """What a personal-data download is for, and the file format; the view narrows the purposes
    to those its export has a column set for."""

    purpose = forms.ChoiceField(
        label=_("Purpose of the download"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what the file is for."),
            "invalid_choice": _("Choose one of the purposes listed."),
        },
    )
    format = forms.ChoiceField(
        label=_("File format"),
        widget=forms.RadioSelect,
        choices=ExportFormat.choices,
        required=False,
        error_messages={"invalid_choice": _("Choose Excel or CSV.")},
    )

    def __init__(self, *args, purposes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = [
            (value, label) for value, label in ExportPurpose.choices if value in purposes
        ]
        self.fields["format"].initial = ExportFormat.XLSX

    def clean_format(self):
        return self.cleaned_data["format"] or ExportFormat.XLSX
