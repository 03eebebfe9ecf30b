"""Forms and filters of the training screens."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from audit.forms import ConsentFieldsMixin
from audit.models import SubjectType
from companies.models import Company
from core.filters import ALL, YearFilter, search_widget
from core.forms import DateInput, NormalizedFilterForm, NormalizedFormMixin
from core.text import normalize_text
from training.models import Trainee, TrainingCourse, TrainingTrack
from training.services import YEAR_FIXED


class TrainingCourseForm(NormalizedFormMixin, forms.ModelForm):
    """A course; its dates are optional and, when given, lie in its year, the end not before
    the start (the model's constraints, with a message on the date at fault). Editing a course
    with trainees, its year is shown but fixed (training_course_update refuses it too)."""

    class Meta:
        model = TrainingCourse
        fields = ["name", "track", "year", "starts_on", "ends_on", "hours"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.trainees.exists():
            year = self.fields["year"]
            year.disabled = True
            year.help_text = YEAR_FIXED

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 2000 and 2100."))
        return year

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        for name in ("starts_on", "ends_on"):
            day = cleaned.get(name)
            if day and year and day.year != year:
                self.add_error(
                    name,
                    forms.ValidationError(
                        _("Enter a date in %(year)s, the course's year."),
                        code="outside_year",
                        params={"year": year},
                    ),
                )
        first, last = cleaned.get("starts_on"), cleaned.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("The course cannot end before it starts."))
        return cleaned


class TraineeForm(ConsentFieldsMixin, NormalizedFormMixin, forms.ModelForm):
    consent_subject_type = SubjectType.TRAINEE

    class Meta:
        model = Trainee
        fields = ["name", "hired_by"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hired_by"].queryset = (
            Company.objects.visible_to(user).active().order_by("name")
        )
        self.fields["hired_by"].help_text = _("The supported company that hired this person.")


class TrainingCourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=100,
        widget=search_widget(_("Course name")),
    )
    year = YearFilter(label=_("year"))
    track = django_filters.ChoiceFilter(
        label=_("track"), choices=TrainingTrack.choices, empty_label=ALL
    )

    class Meta:
        model = TrainingCourse
        fields = ["q", "year", "track"]
        form = NormalizedFilterForm

    def filter_search(self, queryset, name, value):
        value = normalize_text(value)
        return queryset.filter(name__icontains=value) if value else queryset
