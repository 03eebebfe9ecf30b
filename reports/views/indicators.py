"""The KPI indicators: their list, the page a reviewer opens for one of them (definition,
figures against the target, the companies behind the number, the definition's history), and
the staff form for an indicator's wording."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import CreateView, ListView, UpdateView

from audit.selectors import history_for
from companies.models import Company, GrowthStage
from core.views import FilteredListMixin
from reports.filters import DrilldownFilter, KpiIndicatorFilter
from reports.forms import KpiIndicatorDefinitionForm, KpiIndicatorForm
from reports.indicators.defined import describe_definition
from reports.models import KpiIndicator
from reports.selectors.drilldown import drilldown_companies, drilldowns
from reports.selectors.figures import indicator_figure
from reports.selectors.sources import PROGRAMME_START_YEAR, report_date
from reports.views.dashboard import as_of_context, year_choices
from users.permissions import STAFF_ONLY, RoleRequiredMixin, has_role


class KpiIndicatorListView(FilteredListMixin, ListView):
    filterset_class = KpiIndicatorFilter
    template_name = "reports/indicator_list.html"
    context_object_name = "indicators"

    def base_queryset(self):
        return KpiIndicator.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(first_year=PROGRAMME_START_YEAR, **kwargs)


class KpiIndicatorDetailView(FilteredListMixin, ListView):
    """One indicator as a reviewer checks it: what it counts and how, its figures for a year
    against the target, the companies behind the number (paginated, through visible_to) and
    the changes to its definition."""

    filterset_class = DrilldownFilter
    template_name = "reports/indicator_detail.html"
    context_object_name = "companies"

    def base_queryset(self):
        indicators = KpiIndicator.objects.visible_to(self.request.user)
        self.indicator = get_object_or_404(indicators, code=self.kwargs["code"])
        self.chosen = as_of_context(self.request)
        self.year = self.chosen["year"]
        self.figure = indicator_figure(self.indicator, self.year, self.chosen["as_of_date"])
        # "Cumulative" lists the firms of the whole range only where the figure has one.
        self.cumulative = self.request.GET.get("cumulative") == "1" and self.figure.shows_cumulative
        if self.indicator.code not in drilldowns():
            return Company.objects.none()
        return drilldown_companies(
            user=self.request.user,
            code=self.indicator.code,
            year=self.year,
            cumulative=self.cumulative,
            as_of=self.chosen["as_of_date"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stages = dict(GrowthStage.choices)
        for company in context["companies"]:
            company.stage_at_label = stages.get(company.stage_at, "-")
        reported = KpiIndicator.objects.for_year(self.year).filter(pk=self.indicator.pk)
        context.update(
            indicator=self.indicator,
            figure=self.figure,
            year=self.year,
            years=year_choices(),
            first_year=PROGRAMME_START_YEAR,
            cumulative=self.cumulative,
            as_of=self.chosen["as_of_date"] or report_date(self.year),
            as_of_date=self.chosen["as_of_date"],
            as_of_query=self.chosen["as_of_query"],
            lists_companies=self.indicator.code in drilldowns(),
            is_reported=reported.exists(),
            can_edit=has_role(self.request.user, STAFF_ONLY),
            history=history_for(self.indicator),
            definition=(describe_definition(self.indicator) if self.indicator.is_defined else None),
        )
        return context


class KpiIndicatorUpdateView(RoleRequiredMixin, UpdateView):
    allowed_roles = STAFF_ONLY
    form_class = KpiIndicatorForm
    template_name = "reports/indicator_form.html"
    context_object_name = "indicator"

    def get_queryset(self):
        return KpiIndicator.objects.visible_to(self.request.user)

    def get_form_class(self):
        # An indicator defined without code keeps its definition editable here.
        return KpiIndicatorDefinitionForm if self.object.is_defined else KpiIndicatorForm

    def get_success_url(self):
        return self.object.get_absolute_url()

    def form_valid(self, form):
        messages.success(
            self.request, _("Indicator %(name)s was saved.") % {"name": form.instance.name_ko}
        )
        return super().form_valid(form)


class KpiIndicatorCreateView(RoleRequiredMixin, CreateView):
    """Staff add an indicator without code: a count or sum over the records with filters."""

    allowed_roles = STAFF_ONLY
    form_class = KpiIndicatorDefinitionForm
    template_name = "reports/indicator_form.html"

    def get_initial(self):
        return {"first_year": timezone.localdate().year}

    def get_success_url(self):
        return self.object.get_absolute_url()

    def form_valid(self, form):
        messages.success(
            self.request, _("Indicator %(name)s was added.") % {"name": form.instance.name_ko}
        )
        return super().form_valid(form)
