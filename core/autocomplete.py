"""Searchable pickers over many rows (companies, mentors, equipment), shared by every app.

A picker is a text box, a hidden value and a list of matches. With JavaScript the list comes
from the model's autocomplete URL as the user types (htmx) and a click on a match fills the
hidden value (static/js/app.js). Without JavaScript the typed text is submitted: one match is
taken, several come back as choices under the box, none is an error.

An app declares a field (`AutocompleteField` with `url_name`, a label, a search and
`offered_to(user)`, the rows it offers) and an endpoint (`AutocompleteView` with the field class
and the roles). The endpoint lists `offered_to(user)` and the forms and filters using the field
give it the same queryset, so every suggestion is accepted and typed text without JavaScript
finds only what the suggestions would have offered.
"""

import django_filters
from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from core.forms import MAX_QUERY_LENGTH
from core.text import normalize_text
from users.permissions import RoleRequiredMixin

# How many matches a picker shows at once; more means "type more".
AUTOCOMPLETE_LIMIT = 20


class SearchText(str):
    """Text typed into a picker and submitted without choosing a match (no JavaScript, or
    Enter before the list came): the field resolves it."""


class AutocompleteWidget(forms.Widget):
    """The text box, the hidden value and the list of matches of an AutocompleteField.

    Submitted names: `<name>` (the chosen id), `<name>_search` (the text), `<name>_shown` (the
    label shown when the page was made: text unlike it is a new search) and `<name>_pick` (a
    choice among the matches offered without JavaScript)."""

    template_name = "core/widgets/autocomplete.html"

    def __init__(self, url_name: str = "", attrs=None):
        super().__init__(attrs)
        self.url_name = url_name

    def value_from_datadict(self, data, files, name):
        picked = data.get(f"{name}_pick")
        if picked:
            return picked
        if f"{name}_search" not in data:
            # Posted without the text box: a confirmation page's hidden copy, or a client
            # sending the id alone.
            return data.get(name)
        text = (data.get(f"{name}_search") or "").strip()
        if not text:
            return None
        if text != (data.get(f"{name}_shown") or "").strip():
            return SearchText(text[:MAX_QUERY_LENGTH])
        return data.get(name) or SearchText(text[:MAX_QUERY_LENGTH])

    def value_omitted_from_data(self, data, files, name):
        return all(key not in data for key in (name, f"{name}_search", f"{name}_pick"))

    def _field(self):
        # ModelChoiceField hands its widget a ModelChoiceIterator, which knows the field; the
        # widget never iterates it (that would read every row).
        return getattr(self.choices, "field", None) if hasattr(self, "choices") else None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        field = self._field()
        chosen, text, matches = None, "", []
        if isinstance(value, SearchText):
            text = str(value)
            matches = field.matches_for(text) if field is not None else []
            if len(matches) == 1:
                chosen, matches = matches[0], []
        elif value not in (None, "") and field is not None:
            chosen = field.object_for(value)
        label = field.label_from_instance(chosen) if chosen is not None else ""
        context["widget"].update(
            url=reverse(self.url_name) if self.url_name else "",
            value=str(chosen.pk) if chosen is not None else "",
            text=label or text,
            shown=label,
            matches=[
                (str(obj.pk), field.label_from_instance(obj))
                for obj in matches[:AUTOCOMPLETE_LIMIT]
            ],
            more=len(matches) > AUTOCOMPLETE_LIMIT,
            limit=AUTOCOMPLETE_LIMIT,
            results_id=f"{context['widget']['attrs'].get('id', name)}_results",
        )
        return context


class AutocompleteField(forms.ModelChoiceField):
    """A ModelChoiceField whose choices are searched, never listed. Subclasses set `url_name`
    (the model's autocomplete URL) and may override `label_from_instance` and `search`."""

    url_name = ""
    default_error_messages = {
        "no_match": _("Nothing matches “%(text)s”. Type part of the name, then choose a match."),
        "several": _("Several match “%(text)s”: choose one of them, or type more of the name."),
    }

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("widget", AutocompleteWidget(url_name=self.url_name))
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset, **kwargs)

    @classmethod
    def offered_to(cls, user):
        """The rows the picker offers `user`, starting from `visible_to`: its endpoint's list
        and the queryset of the forms and filters using it."""
        raise NotImplementedError

    def search(self, queryset, text: str):
        """The rows of `queryset` matching `text` (the queryset's own `search` by default)."""
        return queryset.search(text)

    def matches_for(self, text: str) -> list:
        """Up to AUTOCOMPLETE_LIMIT + 1 rows matching `text` (one more says "type more"),
        read once per text for the form's cleaning and its page."""
        text = normalize_text(text)
        # No stored name holds a NUL byte, and PostgreSQL refuses one in a query.
        if not text or "\x00" in text or self.queryset is None:
            return []
        cache = self.__dict__.setdefault("_matches", {})
        if text not in cache:
            cache[text] = list(self.search(self.queryset, text)[: AUTOCOMPLETE_LIMIT + 1])
        return cache[text]

    def prepare_value(self, value):
        # Typed text with exactly one match stands for that row (e.g. in a hidden copy).
        if isinstance(value, SearchText):
            matches = self.matches_for(value)
            return matches[0].pk if len(matches) == 1 else value
        return super().prepare_value(value)

    def object_for(self, value):
        """The row `value` names, or None when it names none the field offers."""
        if hasattr(value, "_meta"):
            return value
        try:
            return self.queryset.get(pk=value)
        except (ValueError, TypeError, OverflowError, ValidationError, ObjectDoesNotExist):
            return None

    def to_python(self, value):
        if isinstance(value, SearchText):
            matches = self.matches_for(value)
            if len(matches) == 1:
                return matches[0]
            code = "several" if matches else "no_match"
            raise ValidationError(self.error_messages[code], code=code, params={"text": str(value)})
        if value in self.empty_values:
            return None
        found = self.object_for(value)
        if found is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found

    def has_changed(self, initial, data):
        if isinstance(data, SearchText):
            return True
        return super().has_changed(initial, data)


class AutocompleteFilter(django_filters.ModelChoiceFilter):
    """A list filter whose choice is a picker: `field_class` is the model's AutocompleteField.
    Without a `queryset` the filter accepts what the picker offers (`offered_to`)."""

    def __init__(self, *args, field_class: type[AutocompleteField], **kwargs):
        kwargs.setdefault("queryset", lambda request: field_class.offered_to(request.user))
        super().__init__(*args, **kwargs)
        self.field_class = field_class


class AutocompleteView(RoleRequiredMixin, View):
    """The matches for the text typed into a picker, as the list the widget shows: at most
    AUTOCOMPLETE_LIMIT rows of `get_queryset()` (the field's `offered_to(user)` unless
    overridden; it starts from `visible_to`), searched and labelled as `field_class` does. The
    text is `q`, or the picker's `<name>_search`."""

    field_class: type[AutocompleteField] = AutocompleteField
    template_name = "core/widgets/autocomplete_results.html"

    def get_queryset(self):
        return self.field_class.offered_to(self.request.user)

    def get(self, request, *args, **kwargs):
        text = request.GET.get("q", "")
        if not text:
            text = next(
                (value for key, value in request.GET.items() if key.endswith("_search")), ""
            )
        text = normalize_text(text)[:MAX_QUERY_LENGTH]
        field = self.field_class(queryset=self.get_queryset())
        matches = field.matches_for(text)
        options = [(str(obj.pk), field.label_from_instance(obj)) for obj in matches]
        return render(
            request,
            self.template_name,
            {
                "options": options[:AUTOCOMPLETE_LIMIT],
                "more": len(options) > AUTOCOMPLETE_LIMIT,
                "limit": AUTOCOMPLETE_LIMIT,
                "text": text,
            },
        )
