"""Staff screens: calls (공고), applications, evaluation and selection."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from core.pagination import SafePaginationMixin
from core.views import FilteredListMixin, ObjectPageMixin, ServiceFormMixin
from programs.filters import CallFilter
from programs.forms import (
    ApplicationForm,
    CallForm,
    DecisionForm,
    EvaluationForm,
)
from programs.models import Application, Call
from programs.selectors import duplicate_awards
from programs.services import (
    application_create,
    application_decide,
    evaluation_record,
)
from users.permissions import STAFF_AND_EXECUTIVE, STAFF_ONLY, RoleRequiredMixin, has_role


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
        if has_role(user, STAFF_ONLY) and not application.is_decided:
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
