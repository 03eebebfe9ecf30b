"""The mentor pool and assignments (staff)."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from audit.access import AccessAction, RecordsAccessMixin, SubjectType, record_access
from audit.selectors import history_for
from companies.models import Company
from core.autocomplete import AutocompleteView
from core.text import ascii_id
from core.views import FilteredListMixin, ObjectPageMixin, ServiceFormMixin
from mentoring.filters import MentorFilter
from mentoring.forms import (
    AssignmentForm,
    BudgetChangeForm,
    MentorPickerField,
    MentorProfileForm,
    UnassignForm,
)
from mentoring.models import (
    AssignmentEvent,
    MentorAssignment,
    MentorProfile,
)
from mentoring.selectors import hours_text, mentors_visible_to
from mentoring.services import (
    assignment_change_budget,
    mentor_assign,
    mentor_profile_save,
    mentor_unassign,
)
from users.models import Role, User
from users.permissions import (
    STAFF_AND_EXECUTIVE,
    STAFF_ONLY,
    RoleRequiredMixin,
)

# --- the mentor pool ----------------------------------------------------------------------


class MentorAutocompleteView(AutocompleteView):
    """The mentors a picker offers: active mentor accounts, for staff and executives."""

    allowed_roles = STAFF_AND_EXECUTIVE
    field_class = MentorPickerField

    def get_queryset(self):
        return mentors_visible_to(self.request.user)


class MentorListView(FilteredListMixin, RecordsAccessMixin, ListView):
    filterset_class = MentorFilter
    template_name = "mentoring/mentor_list.html"
    context_object_name = "profiles"
    access_action = AccessAction.LIST
    access_subject_type = SubjectType.MENTOR

    def access_subject(self, context):
        ids = [profile.user_id for profile in context["profiles"]]
        ids += [user.pk for user in context["without_profile"]]
        return _("Mentor pool"), ids

    def base_queryset(self):
        return MentorProfile.objects.visible_to(self.request.user).with_list_relations()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["without_profile"] = list(
            User.objects.filter(
                role=Role.MENTOR, is_active=True, mentor_profile__isnull=True
            ).order_by("name", "email")[:50]
        )
        return context


class MentorDetailView(RoleRequiredMixin, RecordsAccessMixin, DetailView):
    """A mentor's profile, assignments with hours, and the assignment history."""

    allowed_roles = STAFF_AND_EXECUTIVE
    template_name = "mentoring/mentor_detail.html"
    context_object_name = "profile"
    access_subject_type = SubjectType.MENTOR

    def access_subject(self, context):
        return self.object, [self.object.user_id]

    def get_queryset(self):
        return MentorProfile.objects.visible_to(self.request.user).select_related("user")

    def get_context_data(self, **kwargs):
        user = self.object.user
        context = super().get_context_data(**kwargs)
        context["assignments"] = list(
            MentorAssignment.objects.visible_to(self.request.user)
            .filter(mentor=user)
            .with_hours()
            .select_related("company")
        )
        context["history"] = history_for(user, *context["assignments"])
        context["events"] = AssignmentEvent.objects.filter(
            assignment__in=MentorAssignment.objects.visible_to(self.request.user),
            assignment__mentor=user,
        ).select_related("assignment__company", "recorded_by")[:50]
        return context


def _profile_save(form, user) -> MentorProfile:
    return mentor_profile_save(
        profile=form.instance,
        by=user,
        consent_basis=form.cleaned_data["consent_basis"],
        third_party_consent=form.cleaned_data["third_party_consent"],
    )


class MentorProfileCreateView(RoleRequiredMixin, ServiceFormMixin, CreateView):
    allowed_roles = STAFF_ONLY
    form_class = MentorProfileForm
    template_name = "mentoring/profile_form.html"

    def get_initial(self):
        initial = super().get_initial()
        user = ascii_id(self.request.GET.get("user"))
        if user is not None:
            initial["user"] = user
        return initial

    def run_service(self, form):
        return _profile_save(form, self.request.user)

    def success(self, profile):
        record_access(
            self.request, AccessAction.CREATE, SubjectType.MENTOR, profile, [profile.user_id]
        )
        messages.success(
            self.request, _("The profile of %(name)s was created.") % {"name": profile}
        )
        return redirect(profile)


class MentorProfileUpdateView(RoleRequiredMixin, ServiceFormMixin, UpdateView):
    allowed_roles = STAFF_ONLY
    form_class = MentorProfileForm
    template_name = "mentoring/profile_form.html"

    def get_queryset(self):
        return MentorProfile.objects.visible_to(self.request.user).select_related("user")

    def run_service(self, form):
        return _profile_save(form, self.request.user)

    def success(self, profile):
        messages.success(self.request, _("The profile of %(name)s was saved.") % {"name": profile})
        record_access(
            self.request, AccessAction.CHANGE, SubjectType.MENTOR, profile, [profile.user_id]
        )
        return redirect(profile)


# --- assignments (staff) --------------------------------------------------------------------

# Who works with which company decides what a mentor sees: every POST that changes an
# assignment needs the password confirmed in the last 5 minutes (allauth suspends the POST,
# asks, then replays it). Checked after the role and the object, so others still get 403/404.
reauthenticated_post = method_decorator(reauthentication_required, name="post")


@reauthenticated_post
class AssignmentCreateView(ObjectPageMixin, ServiceFormMixin, FormView):
    """Assign a mentor to the company: the form, then a confirmation, then the service."""

    form_class = AssignmentForm
    template_name = "mentoring/assignment_form.html"
    object_context_name = "company"

    def object_queryset(self):
        return Company.objects.visible_to(self.request.user)

    def form_valid(self, form):
        if "edit" in self.request.POST:  # "Change" on the confirmation: back to the form
            return self.render_to_response(self.get_context_data(form=form))
        if "confirm" not in self.request.POST:
            return render(
                self.request,
                "mentoring/assignment_confirm.html",
                self.get_context_data(form=form),
            )
        return super().form_valid(form)

    def run_service(self, form):
        return mentor_assign(company=self.target, by=self.request.user, **form.cleaned_data)

    def success(self, assignment):
        messages.success(
            self.request,
            _("%(mentor)s was assigned to %(company)s with %(hours)s hours.")
            % {
                "mentor": assignment.mentor.display_name,
                "company": self.target.name,
                "hours": hours_text(assignment.hours_budget),
            },
        )
        return redirect(self.target)


class AssignmentObjectMixin(ObjectPageMixin, ServiceFormMixin):
    """A staff form about one assignment; back to its company's page when done."""

    object_context_name = "assignment"

    def object_queryset(self):
        return (
            MentorAssignment.objects.visible_to(self.request.user)
            .with_hours()
            .select_related("mentor", "company")
        )

    def done(self):
        return redirect(reverse("companies:detail", args=[self.target.company_id]))


@reauthenticated_post
class AssignmentEndView(AssignmentObjectMixin, FormView):
    """Confirm, then end an assignment today: the mentor loses access at once."""

    form_class = UnassignForm
    template_name = "mentoring/assignment_end.html"

    def run_service(self, form):
        return mentor_unassign(assignment=self.target, by=self.request.user, **form.cleaned_data)

    def success(self, result):
        messages.success(
            self.request,
            _("%(mentor)s is no longer assigned to %(company)s.")
            % {
                "mentor": self.target.mentor.display_name,
                "company": self.target.company.name,
            },
        )
        return self.done()


@reauthenticated_post
class AssignmentBudgetView(AssignmentObjectMixin, FormView):
    """Change an assignment's hours budget; the old value stays in the history."""

    form_class = BudgetChangeForm
    template_name = "mentoring/assignment_budget.html"

    def get_initial(self):
        return {"hours_budget": self.target.hours_budget}

    def run_service(self, form):
        return assignment_change_budget(
            assignment=self.target, by=self.request.user, **form.cleaned_data
        )

    def success(self, assignment):
        messages.success(
            self.request,
            _("The hours budget is now %(hours)s hours.")
            % {"hours": hours_text(assignment.hours_budget)},
        )
        return self.done()
