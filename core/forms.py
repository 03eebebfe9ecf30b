import re
from decimal import Decimal

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator
from django.db.backends.base.operations import BaseDatabaseOperations
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.display import format_number
from core.exports import ExportFormat, ExportPurpose
from core.text import normalize_text
from core.validators import validate_date_window

# The integer columns as PostgreSQL keeps them (SQLite stores any 64-bit number): a form refuses
# a number neither database could keep, so SQLite data always restores into PostgreSQL.
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges
# A whole number in a plain form: an integer column's range unless the field says less.
DEFAULT_INTEGER_RANGE = INTEGER_RANGES["IntegerField"]
# A decimal in a form that names no digits has at most this many, so 1e999999 is refused
# before anything computes with it.
DEFAULT_MAX_DIGITS = 15
# Search boxes and other text filters read at most this much; the rest is cut, not refused.
MAX_QUERY_LENGTH = 200


def _normalize(value):
    return normalize_text(value) if isinstance(value, str) else value


def krds_class(widget) -> str:
    """The KRDS class of a widget ("" for checkboxes, radios and hidden inputs, which KRDS
    styles through their wrappers)."""
    if widget.is_hidden or isinstance(
        widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect
    ):
        return ""
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "krds-form-select"
    if isinstance(widget, forms.Textarea):
        return "krds-input krds-textarea"
    if isinstance(widget, forms.FileInput):
        return "krds-file-input"
    return "krds-input"


class KrdsFormMixin:
    """Give widgets the KRDS classes, so every form looks like a Korean public service."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = krds_class(widget)
            if css:
                widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()


class KrdsBoundField(forms.BoundField):
    """A field rendered with the project's renderer gets its KRDS class even when its form
    does not use KrdsFormMixin (allauth's forms, fields a form adds after its __init__)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = krds_class(widget)
        present = f"{widget.attrs.get('class', '')} {attrs.get('class', '')}"
        if css and not any(name.startswith("krds-") for name in present.split()):
            attrs["class"] = f"{css} {attrs.get('class', '')}".strip()
        return attrs


def _model_field(form, name: str):
    """The model field a ModelForm's field `name` maps to, or None (plain forms, extra fields)."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def limit_field(field: forms.Field, column=None) -> None:
    """Refuse what `field` could not store: a date outside 1900-2100, a whole number beyond its
    column (`column`, the model field, when there is one) or, in a plain form that names no
    limit, beyond an integer column, or a decimal with more digits than DEFAULT_MAX_DIGITS.
    Limits the field already has that are narrower stay."""
    if isinstance(field, forms.DateField | forms.DateTimeField):
        if validate_date_window not in field.validators:
            field.validators.append(validate_date_window)
    elif isinstance(field, forms.DecimalField):
        if field.max_digits is None:
            field.max_digits = DEFAULT_MAX_DIGITS
            field.validators.append(DecimalValidator(DEFAULT_MAX_DIGITS, field.decimal_places))
    elif isinstance(field, forms.IntegerField) and not isinstance(field, forms.FloatField):
        # A column's range binds; a plain form's own limits stand, the default fills a gap.
        low, high = DEFAULT_INTEGER_RANGE
        if column is not None:
            low, high = INTEGER_RANGES.get(column.get_internal_type(), DEFAULT_INTEGER_RANGE)
        if field.max_value is None or (column is not None and field.max_value > high):
            field.max_value = high
            field.validators.append(MaxValueValidator(high))
        if field.min_value is None or (column is not None and field.min_value < low):
            field.min_value = low
            field.validators.append(MinValueValidator(low))


# Korean number words people write amounts with: 3천만원, 50억, 1억 5천만.
_SMALL_UNITS = {"십": 10, "백": 100, "천": 1000}
_LARGE_UNITS = {"만": 10**4, "억": 10**8, "조": 10**12}
_KOREAN_UNIT = re.compile("[십백천만억조]")
_KOREAN_TOKEN = re.compile(r"(\d+(?:\.\d+)?)|([십백천])|([만억조])")


def korean_amount(text: str) -> int | None:
    """Won written with Korean units as digits: "3천만원" → 30000000, "1.5억" → 150000000;
    None when `text` is not such an amount."""
    text = re.sub(r"[\s,]", "", text).removesuffix("원")
    if len(text) > 30:  # no amount is that long; keeps huge numbers out of the arithmetic
        return None
    total, section, number, position, last_large = Decimal(0), Decimal(0), None, 0, None
    for match in _KOREAN_TOKEN.finditer(text):
        if match.start() != position:
            return None
        position = match.end()
        digits, small, large = match.groups()
        if digits:
            if number is not None:
                return None
            number = Decimal(digits)
        elif small:
            section += (1 if number is None else number) * _SMALL_UNITS[small]
            number = None
        else:
            unit = _LARGE_UNITS[large]
            if last_large is not None and unit >= last_large:
                return None
            section += number or 0
            total += (section or 1) * unit
            section, number, last_large = Decimal(0), None, unit
    if position != len(text) or not text:
        return None
    total += section + (number or 0)
    return int(total) if total > 0 and total == int(total) else None


class MoneyInput(forms.TextInput):
    """Won as people write them, 1,234,000: static/js/app.js puts the separators in while the
    amount is typed, and a stored amount is shown with them."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"inputmode": "numeric", "autocomplete": "off", "data-money": "", **(attrs or {})}
        )

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return format_number(value)
        return super().format_value(value)


class MoneyField(forms.IntegerField):
    """An amount in won: accepts thousands separators and a trailing 원 (1,500,000,000원); a
    Korean unit (50억, 3천만원) is refused with the amount written in digits."""

    widget = MoneyInput
    default_error_messages = {
        "korean_unit": _("Write the amount in digits: %(digits)s for %(typed)s."),
        "korean_word": _("Write the amount in digits, e.g. 5,000,000,000."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            typed = value.strip()
            value = re.sub(r"[\s,]", "", typed).removesuffix("원")
            if _KOREAN_UNIT.search(value):
                amount = korean_amount(value)
                if amount is None:
                    raise ValidationError(self.error_messages["korean_word"], code="korean_word")
                raise ValidationError(
                    self.error_messages["korean_unit"],
                    code="korean_unit",
                    params={"digits": format_number(amount), "typed": typed},
                )
        return super().to_python(value)

    @classmethod
    def replacing(cls, field: forms.IntegerField) -> "MoneyField":
        """A MoneyField with `field`'s label, limits, messages and widget classes."""
        money = cls(
            required=field.required,
            label=field.label,
            initial=field.initial,
            help_text=field.help_text,
            disabled=field.disabled,
            min_value=field.min_value,
            max_value=field.max_value,
            localize=field.localize,
        )
        money.validators = list(field.validators)
        money.error_messages = {**money.error_messages, **field.error_messages}
        kept = {"class", "placeholder", "aria-describedby", "autofocus"}
        money.widget.attrs.update(
            {key: value for key, value in field.widget.attrs.items() if key in kept}
        )
        return money


def money_fields(form: forms.BaseForm) -> None:
    """Make every whole-number field named `*_krw` (money in won, as the models name it) a
    MoneyField, so each money input of every form takes 1,234,000 and formats as typed."""
    for name, field in list(form.fields.items()):
        if (
            name.endswith("_krw")
            and isinstance(field, forms.IntegerField)
            and not isinstance(field, MoneyField | forms.FloatField | forms.DecimalField)
        ):
            form.fields[name] = MoneyField.replacing(field)


class InputLimitsMixin:
    """Every project form: dates in the window, numbers within what their column keeps
    (`limit_field`), so edge values are a form error, never a server error or a stored value
    a page or backup cannot read back; and money fields (`*_krw`) that read 1,234,000."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        money_fields(self)
        for name, field in self.fields.items():
            limit_field(field, _model_field(self, name))


class NormalizedFormMixin(InputLimitsMixin, KrdsFormMixin):
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
    """The form class of list filters (django-filter), so search terms are NFC too.

    A text filter that names no length limit reads the first MAX_QUERY_LENGTH characters and
    says so under the box: the list still works with the part that was read. One with its own
    limit refuses a longer text with the field's error.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            for name, field in self.fields.items():
                if isinstance(field, forms.CharField) and field.max_length is None:
                    self._cut(self.add_prefix(name), field)

    def _cut(self, key: str, field: forms.CharField) -> None:
        limit = MAX_QUERY_LENGTH
        values = self.data.getlist(key) if hasattr(self.data, "getlist") else [self.data.get(key)]
        if not any(isinstance(value, str) and len(value) > limit for value in values):
            return
        cut = [value[:limit] if isinstance(value, str) else value for value in values]
        if hasattr(self.data, "setlist"):
            self.data.setlist(key, cut)
        else:
            self.data[key] = cut[0]
        field.help_text = gettext("Only the first %(count)d characters were searched.") % {
            "count": limit
        }


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
    bound_field_class = KrdsBoundField


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
