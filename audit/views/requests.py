"""Data-subject requests (PIPA arts. 35-37): the list with the overdue ones highlighted, a
request's page with its handling notes and answer, and recording a new one."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from audit.access import AccessAction, record_access
from audit.forms import (
    SubjectRequestAnswerForm,
    SubjectRequestFilter,
    SubjectRequestForm,
    SubjectRequestNotesForm,
)
from audit.models import ANSWER_DAYS, DataSubjectRequest
from audit.services.requests import (
    subject_request_answer,
    subject_request_create,
    subject_request_note,
)
from audit.views import PrivacyOfficerMixin
from core.views import FilteredListMixin, ObjectPageMixin, ServiceFormMixin
from users.permissions import STAFF_ONLY


class SubjectRequestListView(PrivacyOfficerMixin, FilteredListMixin, ListView):
    allowed_roles = STAFF_ONLY  # the privacy officer is a staff member
    filterset_class = SubjectRequestFilter
    template_name = "audit/request_list.html"
    context_object_name = "subject_requests"

    def base_queryset(self):
        return DataSubjectRequest.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overdue_count"] = (
            DataSubjectRequest.objects.visible_to(self.request.user).overdue().count()
        )
        context["answer_days"] = ANSWER_DAYS
        shown = {}
        for subject_request in context["subject_requests"]:
            shown[subject_request.subject_type] = shown.get(subject_request.subject_type, 0) + 1
        # Requesters and the people concerned are personal data: one record per kind listed.
        for subject_type, people in shown.items():
            record_access(
                self.request,
                AccessAction.LIST,
                subject_type,
                _("Data-subject requests"),
                people=people,
            )
        return context


class SubjectRequestCreateView(PrivacyOfficerMixin, ServiceFormMixin, FormView):
    form_class = SubjectRequestForm
    template_name = "audit/request_form.html"

    def run_service(self, form):
        return subject_request_create(by=self.request.user, **form.cleaned_data)

    def success(self, subject_request):
        record_access(
            self.request,
            AccessAction.CREATE,
            subject_request.subject_type,
            subject_request,
            people=1,
        )
        messages.success(
            self.request,
            _("The request was recorded; the answer is due by %(date)s.")
            % {"date": f"{subject_request.due_on:%Y-%m-%d}"},
        )
        return redirect(subject_request)


class SubjectRequestPageMixin(PrivacyOfficerMixin, ObjectPageMixin):
    """A request's page: the request, its notes form and, while open, its answer form."""

    allowed_roles = STAFF_ONLY
    object_context_name = "subject_request"
    template_name = "audit/request_detail.html"

    def object_queryset(self):
        return DataSubjectRequest.objects.visible_to(self.request.user).select_related(
            "recorded_by", "answered_by"
        )

    def get_context_data(self, **kwargs):
        notes = {"notes": self.target.notes}
        kwargs.setdefault("notes_form", SubjectRequestNotesForm(initial=notes))
        kwargs.setdefault("answer_form", SubjectRequestAnswerForm(initial=notes))
        return super().get_context_data(**kwargs)


class SubjectRequestDetailView(SubjectRequestPageMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_access(request, AccessAction.VIEW, self.target.subject_type, self.target, people=1)
        return response


class SubjectRequestAnswerView(SubjectRequestPageMixin, ServiceFormMixin, FormView):
    http_method_names = ["post"]
    form_class = SubjectRequestAnswerForm

    def get_context_data(self, **kwargs):
        kwargs["answer_form"] = kwargs["form"]
        return super().get_context_data(**kwargs)

    def run_service(self, form):
        return subject_request_answer(
            subject_request=self.target, by=self.request.user, **form.cleaned_data
        )

    def success(self, subject_request):
        record_access(
            self.request,
            AccessAction.CHANGE,
            subject_request.subject_type,
            subject_request,
            people=1,
        )
        messages.success(self.request, _("The answer was recorded."))
        return redirect(subject_request)


class SubjectRequestNotesView(SubjectRequestPageMixin, ServiceFormMixin, FormView):
    http_method_names = ["post"]
    form_class = SubjectRequestNotesForm

    def get_context_data(self, **kwargs):
        kwargs["notes_form"] = kwargs["form"]
        return super().get_context_data(**kwargs)

    def run_service(self, form):
        return subject_request_note(
            subject_request=self.target, by=self.request.user, notes=form.cleaned_data["notes"]
        )

    def success(self, subject_request):
        messages.success(self.request, _("The handling notes were saved."))
        return redirect(subject_request)
