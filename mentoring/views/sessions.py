"""Mentoring sessions: the mentor's home, recording, lists, approval, attachments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, ListView

from core.downloads import private_file_response
from core.pagination import SafePaginationMixin
from core.submissions import SubmitOnceMixin
from core.text import ascii_id
from core.uploads import DOCUMENT_KINDS, kind_for_name
from core.views import FilteredListMixin, ObjectPageMixin, ServiceFormMixin
from mentoring.filters import SessionFilter
from mentoring.forms import (
    SessionForm,
    SessionRejectForm,
)
from mentoring.models import (
    MentorAssignment,
    MentoringSession,
    SessionStatus,
)
from mentoring.selectors import hours_text
from mentoring.services import (
    session_approve,
    session_record,
    session_reject,
)
from users.permissions import (
    INTERNAL,
    MENTOR_ONLY,
    STAFF_ONLY,
    RoleRequiredMixin,
    require_role,
)

# --- the mentor's own screens --------------------------------------------------------------


class MentorHomeView(RoleRequiredMixin, SafePaginationMixin, ListView):
    """A mentor's landing page: current assignments with budget, used hours and balance."""

    allowed_roles = MENTOR_ONLY
    template_name = "mentoring/mentor_home.html"
    context_object_name = "assignments"

    def get_queryset(self):
        return (
            MentorAssignment.objects.visible_to(self.request.user)
            .current()
            .with_hours()
            .select_related("company", "company__assigned_staff")
            .order_by("company__name", "pk")
        )


class SessionCreateView(RoleRequiredMixin, SubmitOnceMixin, FormView):
    """A mentor records a session; its hours are debited from the assignment's budget."""

    allowed_roles = MENTOR_ONLY
    form_class = SessionForm
    template_name = "mentoring/session_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "mentor": self.request.user}

    def get_initial(self):
        initial = super().get_initial()
        assignment = ascii_id(self.request.GET.get("assignment"))
        if assignment is not None:
            initial["assignment"] = assignment
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["has_assignments"] = context["form"].fields["assignment"].queryset.exists()
        return context

    def run_service(self, form):
        return session_record(mentor=self.request.user, **form.cleaned_data)

    def resubmitted_url(self, session):
        return session.get_absolute_url() if session else reverse("mentoring:home")

    def success(self, session):
        assignment = MentorAssignment.objects.with_hours().get(pk=session.assignment_id)
        values = {
            "hours": hours_text(session.duration_hours),
            "company": assignment.company.name,
            "balance": hours_text(assignment.balance_hours),
            "budget": hours_text(assignment.hours_budget),
        }
        if session.status == SessionStatus.APPROVED:
            messages.success(
                self.request,
                _(
                    "Session with %(company)s recorded: %(hours)s hours debited, "
                    "%(balance)s of %(budget)s hours left."
                )
                % values,
            )
        else:
            messages.warning(
                self.request,
                _(
                    "Session with %(company)s recorded, but its %(hours)s hours exceed the "
                    "%(balance)s hours left in the budget: it waits for staff approval and does "
                    "not count until then."
                )
                % values,
            )
        return redirect("mentoring:home")


# --- sessions ------------------------------------------------------------------------------


class SessionListView(FilteredListMixin, ListView):
    """Staff and executives see all sessions; a mentor their own."""

    allowed_roles = INTERNAL
    filterset_class = SessionFilter
    template_name = "mentoring/session_list.html"
    context_object_name = "sessions"

    def base_queryset(self):
        return (
            MentoringSession.objects.visible_to(self.request.user)
            .with_list_relations()
            .defer("notes")
        )


class SessionDetailView(RoleRequiredMixin, DetailView):
    """One session with its private notes: the mentor who held it, staff and executives."""

    allowed_roles = INTERNAL
    template_name = "mentoring/session_detail.html"
    context_object_name = "session"

    def get_queryset(self):
        return MentoringSession.objects.visible_to(self.request.user).with_list_relations()

    def get_context_data(self, **kwargs):
        assignment = MentorAssignment.objects.with_hours().get(pk=self.object.assignment_id)
        return super().get_context_data(assignment=assignment, **kwargs)


@require_POST
def session_approve_view(request, pk):
    """Staff approve a session over budget: its hours count from now on."""
    require_role(request.user, STAFF_ONLY)
    session = get_object_or_404(MentoringSession.objects.visible_to(request.user), pk=pk)
    try:
        session_approve(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The session was approved; its %(hours)s hours now count.")
            % {"hours": hours_text(session.duration_hours)},
        )
    return redirect(session)


class SessionRejectView(ObjectPageMixin, ServiceFormMixin, FormView):
    """Staff reject a session over budget, with a reason the mentor sees."""

    form_class = SessionRejectForm
    template_name = "mentoring/session_reject.html"
    object_context_name = "session"

    def object_queryset(self):
        return MentoringSession.objects.visible_to(self.request.user).with_list_relations()

    def run_service(self, form):
        return session_reject(session=self.target, by=self.request.user, **form.cleaned_data)

    def success(self, result):
        messages.success(self.request, _("The session was rejected; its hours do not count."))
        return redirect(self.target)


def session_attachment(request, pk):
    """Download a session's attachment; the same people who may see the session's notes."""
    require_role(request.user, INTERNAL)
    session = get_object_or_404(MentoringSession.objects.visible_to(request.user), pk=pk)
    kind = kind_for_name(session.attachment.name, DOCUMENT_KINDS) if session.attachment else None
    if kind is None:
        raise Http404
    return private_file_response(
        session.attachment,
        filename=session.attachment_name or f"attachment{kind.extensions[0]}",
        content_type=kind.content_type,
    )
