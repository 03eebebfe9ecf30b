"""Staff screens: programmes (세부사업) and their yearly budgets."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, UpdateView

from core.views import FilteredListMixin, ObjectPageMixin, ServiceFormMixin
from programs.filters import ProgramFilter
from programs.forms import (
    ProgramBudgetForm,
    ProgramCreateForm,
    ProgramForm,
)
from programs.models import Call, Program
from programs.selectors import program_years
from programs.services import (
    program_create,
    program_set_budget,
)
from users.permissions import STAFF_AND_EXECUTIVE, STAFF_ONLY, RoleRequiredMixin

# --- programmes -------------------------------------------------------------------------


class ProgramListView(FilteredListMixin, ListView):
    filterset_class = ProgramFilter
    template_name = "programs/program_list.html"
    context_object_name = "programs"

    def base_queryset(self):
        return Program.objects.visible_to(self.request.user).with_list_relations()


class ProgramDetailView(RoleRequiredMixin, DetailView):
    allowed_roles = STAFF_AND_EXECUTIVE
    template_name = "programs/program_detail.html"
    context_object_name = "program"

    def get_queryset(self):
        return Program.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = program_years(program=self.object)
        context["calls"] = (
            Call.objects.visible_to(self.request.user)
            .with_list_relations()
            .filter(program=self.object)[:20]
        )
        return context


class ProgramCreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    allowed_roles = STAFF_ONLY
    form_class = ProgramCreateForm
    template_name = "programs/program_form.html"

    def run_service(self, form):
        return program_create(**form.cleaned_data)

    def success(self, program):
        messages.success(self.request, _("Programme %(name)s was created.") % {"name": program})
        return HttpResponseRedirect(program.get_absolute_url())


class ProgramUpdateView(RoleRequiredMixin, UpdateView):
    allowed_roles = STAFF_ONLY
    form_class = ProgramForm
    template_name = "programs/program_form.html"
    context_object_name = "program"

    def get_queryset(self):
        return Program.objects.visible_to(self.request.user)

    def form_valid(self, form):
        messages.success(self.request, _("Programme %(name)s was saved.") % {"name": form.instance})
        return super().form_valid(form)


class ProgramBudgetView(ObjectPageMixin, ServiceFormMixin, FormView):
    """Set one year's budget line of a programme."""

    form_class = ProgramBudgetForm
    template_name = "programs/program_budget_form.html"
    object_context_name = "program"

    def object_queryset(self):
        return Program.objects.visible_to(self.request.user)

    def get_initial(self):
        year = timezone.localdate().year
        budget = self.target.budgets.filter(year=year).first()
        return {"year": year, "amount_krw": budget.amount_krw if budget else None}

    def run_service(self, form):
        return program_set_budget(program=self.target, **form.cleaned_data)

    def success(self, budget):
        messages.success(
            self.request,
            _("The %(year)s budget of %(name)s was saved.")
            % {"year": budget.year, "name": self.target},
        )
        return redirect(self.target)
