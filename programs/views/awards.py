"""Staff screens: support awards, their instalments, disbursements and status."""

from django.contrib import messages
from django.db.models import Sum
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView

from audit.selectors import history_for
from core.submissions import SubmitOnceMixin
from core.views import FilteredListMixin, ObjectPageMixin, ServiceFormMixin
from programs.filters import AwardFilter
from programs.forms import (
    AwardForm,
    AwardStatusForm,
    DisbursementForm,
    InstalmentForm,
)
from programs.models import Application, AwardStatus, SupportAward
from programs.selectors import duplicate_awards
from programs.services import (
    award_change_status,
    award_create,
    award_disburse,
    award_plan_instalment,
)
from users.permissions import STAFF_AND_EXECUTIVE, STAFF_ONLY, RoleRequiredMixin, has_role


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
        if has_role(self.request.user, STAFF_ONLY):
            context.update(
                instalment_form=InstalmentForm(),
                disbursement_form=DisbursementForm(),
                # A cancelled award is closed: no status change is offered.
                status_form=None
                if award.status == AwardStatus.CANCELLED
                else AwardStatusForm(initial={"status": award.status}, award=award),
            )
        return context


class AwardActionMixin(ObjectPageMixin, ServiceFormMixin):
    template_name = "programs/award_subform.html"
    object_context_name = "award"

    def object_queryset(self):
        return SupportAward.objects.visible_to(self.request.user).select_related(
            "program", "company"
        )


class AwardInstalmentAddView(SubmitOnceMixin, AwardActionMixin, FormView):
    form_class = InstalmentForm
    extra_context = {"page_title": gettext_lazy("Plan an instalment")}

    def resubmitted_url(self, instalment):
        return self.target.get_absolute_url()

    def run_service(self, form):
        return award_plan_instalment(award=self.target, by=self.request.user, **form.cleaned_data)

    def success(self, instalment):
        messages.success(self.request, _("The instalment was added to the schedule."))
        return redirect(self.target)


class AwardDisburseView(SubmitOnceMixin, AwardActionMixin, FormView):
    form_class = DisbursementForm
    extra_context = {"page_title": gettext_lazy("Record a disbursement")}

    def resubmitted_url(self, disbursement):
        return self.target.get_absolute_url()

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

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "award": self.target}

    def run_service(self, form):
        return award_change_status(
            award=self.target,
            status=form.cleaned_data["status"],
            cancelled_on=form.cleaned_data.get("cancelled_on"),
        )

    def success(self, award):
        messages.success(
            self.request,
            _("The award status is now %(status)s.") % {"status": award.get_status_display()},
        )
        return redirect(award)
