"""Staff screens for training courses (핵심 인력 교육·양성) and their trainees."""

import copy

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from audit.access import AccessAction, RecordsAccessMixin, SubjectType, record_access
from audit.selectors import history_for
from core.pagination import SafePaginationMixin
from core.views import FilteredListMixin, ObjectPageMixin, ServiceFormMixin
from training.forms import TraineeForm, TrainingCourseFilter, TrainingCourseForm
from training.models import Trainee, TrainingCourse
from training.services import trainee_add, training_course_create, training_course_update
from users.permissions import STAFF_AND_EXECUTIVE, STAFF_ONLY, RoleRequiredMixin


class TrainingCourseListView(FilteredListMixin, ListView):
    filterset_class = TrainingCourseFilter
    template_name = "training/training_list.html"
    context_object_name = "courses"

    def base_queryset(self):
        return TrainingCourse.objects.visible_to(self.request.user).with_list_relations()


class TrainingCourseCreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    allowed_roles = STAFF_ONLY
    form_class = TrainingCourseForm
    template_name = "training/training_form.html"

    def run_service(self, form):
        return training_course_create(by=self.request.user, **form.cleaned_data)

    def success(self, course):
        messages.success(self.request, _("The course was created."))
        return redirect(course)


class CourseObjectMixin(ObjectPageMixin):
    """A page about one training course."""

    object_context_name = "course"

    def object_queryset(self):
        return TrainingCourse.objects.visible_to(self.request.user)


class TrainingCourseDetailView(
    CourseObjectMixin, RecordsAccessMixin, SafePaginationMixin, ListView
):
    """A course and its trainees (paginated)."""

    allowed_roles = STAFF_AND_EXECUTIVE
    template_name = "training/training_detail.html"
    context_object_name = "trainees"
    access_action = AccessAction.LIST
    access_subject_type = SubjectType.TRAINEE

    def access_subject(self, context):
        return self.target, [trainee.pk for trainee in context["trainees"]]

    def get_queryset(self):
        return (
            Trainee.objects.visible_to(self.request.user)
            .filter(course=self.target)
            .select_related("hired_by")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=history_for(self.target), **kwargs)


class TrainingCourseUpdateView(CourseObjectMixin, ServiceFormMixin, FormView):
    """Correct a course's name, track, hours and dates, and its year while it has no trainees."""

    form_class = TrainingCourseForm
    template_name = "training/training_form.html"

    def get_form_kwargs(self):
        # A copy: validating the form writes what was typed onto its instance, and the page
        # shown again with errors names the course as saved.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.target)}

    def run_service(self, form):
        return training_course_update(course=self.target, by=self.request.user, **form.cleaned_data)

    def success(self, course):
        messages.success(self.request, _("Course %(name)s was saved.") % {"name": course})
        return redirect(course)


class TraineeAddView(CourseObjectMixin, ServiceFormMixin, FormView):
    form_class = TraineeForm
    template_name = "training/training_trainee_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def run_service(self, form):
        return trainee_add(course=self.target, by=self.request.user, **form.cleaned_data)

    def success(self, trainee):
        record_access(self.request, AccessAction.CREATE, SubjectType.TRAINEE, trainee, [trainee.pk])
        messages.success(self.request, _("The trainee was added."))
        if "add_another" in self.request.POST:
            return redirect("training:trainee_add", pk=self.target.pk)
        return redirect(self.target)
