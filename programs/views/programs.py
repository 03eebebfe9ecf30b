"""Staff screens: programmes and budgets, calls, applications and selection, awards."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from audit.selectors import history_for
from companies.views.companies import add_service_errors
from core.pagination import SafePaginationMixin
from programs.filters import AwardFilter, CallFilter, ProgramFilter
from programs.forms import (
    ApplicationForm,
    AwardForm,
    AwardStatusForm,
    CallForm,
    DecisionForm,
    DisbursementForm,
    EvaluationForm,
    InstalmentForm,
    ProgramBudgetForm,
    ProgramCreateForm,
    ProgramForm,
)
from programs.models import Application, Call, Program, SupportAward
from programs.selectors import duplicate_awards, program_years
from programs.services import (
    application_create,
    application_decide,
    award_change_status,
    award_create,
    award_disburse,
    award_plan_instalment,
    evaluation_record,
    program_create,
    program_set_budget,
)
from users.models import Role
from users.permissions import STAFF_AND_EXECUTIVE, STAFF_ONLY, RoleRequiredMixin, require_role


class FilteredListMixin(RoleRequiredMixin, SafePaginationMixin):
    """A paginated list filtered by `filterset_class` over `base_queryset()`."""

    allowed_roles = STAFF_AND_EXECUTIVE
    filterset_class = None

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        base = self.base_queryset()
        self.filterset = self.filterset_class(self.request.GET, queryset=base, request=self.request)
        return self.filterset.qs if self.filterset.is_valid() else base.none()

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class ObjectPageMixin(RoleRequiredMixin):
    """A page about one object, fetched through visible_to after the role check
    (a refused role is a 403 before an unknown id is a 404)."""

    allowed_roles = STAFF_ONLY
    object_context_name = "object"

    def object_queryset(self):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        require_role(request.user, self.allowed_roles)
        self.target = get_object_or_404(self.object_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{self.object_context_name: self.target, **kwargs})


class ServiceFormMixin:
    """form_valid calls `run_service(form)`; its ValidationError re-renders the form."""

    def run_service(self, form):
        raise NotImplementedError

    def success(self, result):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            result = self.run_service(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        return self.success(result)


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


# --- calls ------------------------------------------------------------------------------


class CallListView(FilteredListMixin, ListView):
    filterset_class = CallFilter
    template_name = "programs/call_list.html"
    context_object_name = "calls"

    def base_queryset(self):
        return Call.objects.visible_to(self.request.user).with_list_relations()


class CallDetailView(ObjectPageMixin, SafePaginationMixin, ListView):
    """A call and its applications (paginated) with average scores and decisions."""

    allowed_roles = STAFF_AND_EXECUTIVE
    template_name = "programs/call_detail.html"
    context_object_name = "applications"
    object_context_name = "call"

    def object_queryset(self):
        return Call.objects.visible_to(self.request.user).select_related("program")

    def get_queryset(self):
        return (
            Application.objects.visible_to(self.request.user)
            .filter(call=self.target)
            .with_scores()
            .select_related("company", "award")
            .order_by("company__name", "pk")
        )


class CallCreateView(RoleRequiredMixin, CreateView):
    allowed_roles = STAFF_ONLY
    form_class = CallForm
    template_name = "programs/call_form.html"

    def get_initial(self):
        program = self.request.GET.get("program", "")
        return {"program": program} if program.isdigit() else {}

    def form_valid(self, form):
        messages.success(self.request, _("Call %(title)s was created.") % {"title": form.instance})
        return super().form_valid(form)


class CallUpdateView(RoleRequiredMixin, UpdateView):
    allowed_roles = STAFF_ONLY
    form_class = CallForm
    template_name = "programs/call_form.html"
    context_object_name = "call"

    def get_queryset(self):
        return Call.objects.visible_to(self.request.user)

    def form_valid(self, form):
        messages.success(self.request, _("Call %(title)s was saved.") % {"title": form.instance})
        return super().form_valid(form)


# --- applications, evaluation, selection -----------------------------------------------------


class ApplicationCreateView(ObjectPageMixin, ServiceFormMixin, FormView):
    """Staff register a company's application to a call (중복지원 확인 included)."""

    form_class = ApplicationForm
    template_name = "programs/application_form.html"
    object_context_name = "call"

    def object_queryset(self):
        return Call.objects.visible_to(self.request.user).select_related("program")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "call": self.target}

    def run_service(self, form):
        return application_create(call=self.target, by=self.request.user, **form.cleaned_data)

    def success(self, application):
        messages.success(
            self.request,
            _("The application of %(company)s was registered.") % {"company": application.company},
        )
        return redirect(application)


class ApplicationDetailView(RoleRequiredMixin, DetailView):
    allowed_roles = STAFF_AND_EXECUTIVE
    template_name = "programs/application_detail.html"
    context_object_name = "application"

    def get_queryset(self):
        return Application.objects.visible_to(self.request.user).select_related(
            "call__program", "company", "registered_by", "decided_by", "award"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application, user = self.object, self.request.user
        evaluations = list(application.evaluations.select_related("evaluator"))
        award = getattr(application, "award", None)
        context.update(
            evaluations=evaluations,
            average_score=(
                sum(e.score for e in evaluations) / len(evaluations) if evaluations else None
            ),
            award=award,
            duplicates=duplicate_awards(
                company=application.company,
                support_type=application.call.program.support_type,
                year=application.applied_on.year,
                exclude_pk=award.pk if award else None,
            ),
        )
        if user.role == Role.STAFF and not application.is_decided:
            if all(e.evaluator_id != user.pk for e in evaluations):
                context["evaluation_form"] = EvaluationForm()
            context["decision_form"] = DecisionForm()
        return context


class ApplicationActionMixin(ObjectPageMixin, ServiceFormMixin):
    template_name = "programs/application_subform.html"
    object_context_name = "application"

    def object_queryset(self):
        return Application.objects.visible_to(self.request.user).select_related(
            "call__program", "company"
        )


class ApplicationEvaluateView(ApplicationActionMixin, FormView):
    form_class = EvaluationForm
    extra_context = {"page_title": gettext_lazy("Score the application")}

    def run_service(self, form):
        return evaluation_record(
            application=self.target, evaluator=self.request.user, **form.cleaned_data
        )

    def success(self, evaluation):
        messages.success(
            self.request, _("Your score of %(score)s was recorded.") % {"score": evaluation.score}
        )
        return redirect(self.target)


class ApplicationDecideView(ApplicationActionMixin, FormView):
    form_class = DecisionForm
    extra_context = {"page_title": gettext_lazy("Selection decision")}

    def run_service(self, form):
        return application_decide(
            application=self.target, by=self.request.user, **form.cleaned_data
        )

    def success(self, application):
        messages.success(
            self.request,
            _("%(company)s: %(decision)s.")
            % {"company": application.company, "decision": application.get_decision_display()},
        )
        return redirect(application)


# --- awards -----------------------------------------------------------------------------


class AwardListView(FilteredListMixin, ListView):
    filterset_class = AwardFilter
    template_name = "programs/award_list.html"
    context_object_name = "awards"

    def base_queryset(self):
        return SupportAward.objects.visible_to(self.request.user).with_list_relations()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = self.object_list.counting().aggregate(
            amount=Sum("amount_krw"), disbursed=Sum("disbursed_krw")
        )
        context["totals"] = {key: value or 0 for key, value in totals.items()}
        return context


class AwardFormMixin(ServiceFormMixin):
    form_class = AwardForm
    template_name = "programs/award_form.html"

    def success(self, award):
        messages.success(
            self.request, _("The award to %(company)s was recorded.") % {"company": award.company}
        )
        return redirect(award)


class AwardCreateView(RoleRequiredMixin, AwardFormMixin, FormView):
    """Award support directly (without an application, e.g. for earlier years' records)."""

    allowed_roles = STAFF_ONLY

    def get_initial(self):
        initial = super().get_initial()
        for key in ("program", "company"):
            value = self.request.GET.get(key, "")
            if value.isdigit():
                initial[key] = value
        return initial

    def run_service(self, form):
        return award_create(by=self.request.user, **form.cleaned_data)


class AwardCreateForApplicationView(ObjectPageMixin, AwardFormMixin, FormView):
    """Award support from a selected application; programme and company come from it."""

    object_context_name = "application"

    def object_queryset(self):
        return Application.objects.visible_to(self.request.user).select_related(
            "call__program", "company", "award"
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "application": self.target}

    def run_service(self, form):
        return award_create(
            by=self.request.user,
            program=self.target.call.program,
            company=self.target.company,
            application=self.target,
            **form.cleaned_data,
        )


class AwardDetailView(RoleRequiredMixin, DetailView):
    allowed_roles = STAFF_AND_EXECUTIVE
    template_name = "programs/award_detail.html"
    context_object_name = "award"

    def get_queryset(self):
        return SupportAward.objects.visible_to(self.request.user).select_related(
            "program", "company", "application__call", "recorded_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        award = self.object
        instalments = list(award.instalments.select_related("recorded_by"))
        disbursements = list(award.disbursements.select_related("recorded_by"))
        context.update(
            instalments=instalments,
            scheduled_krw=sum(i.amount_krw for i in instalments),
            disbursements=disbursements,
            history=history_for(award, *instalments, *disbursements),
            duplicates=duplicate_awards(
                company=award.company,
                support_type=award.program.support_type,
                year=award.awarded_on.year,
                exclude_pk=award.pk,
            ),
        )
        if self.request.user.role == Role.STAFF:
            context.update(
                instalment_form=InstalmentForm(),
                disbursement_form=DisbursementForm(),
                status_form=AwardStatusForm(initial={"status": award.status}),
            )
        return context


class AwardActionMixin(ObjectPageMixin, ServiceFormMixin):
    template_name = "programs/award_subform.html"
    object_context_name = "award"

    def object_queryset(self):
        return SupportAward.objects.visible_to(self.request.user).select_related(
            "program", "company"
        )


class AwardInstalmentAddView(AwardActionMixin, FormView):
    form_class = InstalmentForm
    extra_context = {"page_title": gettext_lazy("Plan an instalment")}

    def run_service(self, form):
        return award_plan_instalment(award=self.target, by=self.request.user, **form.cleaned_data)

    def success(self, instalment):
        messages.success(self.request, _("The instalment was added to the schedule."))
        return redirect(self.target)


class AwardDisburseView(AwardActionMixin, FormView):
    form_class = DisbursementForm
    extra_context = {"page_title": gettext_lazy("Record a disbursement")}

    def run_service(self, form):
        return award_disburse(award=self.target, by=self.request.user, **form.cleaned_data)

    def success(self, disbursement):
        messages.success(self.request, _("The disbursement was recorded."))
        return redirect(self.target)


class AwardStatusView(AwardActionMixin, FormView):
    form_class = AwardStatusForm
    extra_context = {"page_title": gettext_lazy("Change the award status")}

    def get_initial(self):
        return {"status": self.target.status}

    def run_service(self, form):
        return award_change_status(award=self.target, **form.cleaned_data)

    def success(self, award):
        messages.success(
            self.request,
            _("The award status is now %(status)s.") % {"status": award.get_status_display()},
        )
        return redirect(award)
