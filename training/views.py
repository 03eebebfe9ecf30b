"""Staff screens for training courses (핵심 인력 교육·양성) and their trainees."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from audit.access import AccessAction, RecordsAccessMixin, SubjectType, record_access
from core.pagination import SafePaginationMixin
from core.views import add_service_errors
from training.forms import TraineeForm, TrainingCourseFilter, TrainingCourseForm
from training.models import Trainee, TrainingCourse
from training.services import trainee_add, training_course_create
from users.permissions import STAFF_AND_EXECUTIVE, STAFF_ONLY, RoleRequiredMixin, require_role


class TrainingCourseListView(RoleRequiredMixin, SafePaginationMixin, ListView):
    allowed_roles = STAFF_AND_EXECUTIVE
    template_name = "training/training_list.html"
    context_object_name = "courses"

    def get_queryset(self):
        base = TrainingCourse.objects.visible_to(self.request.user).with_list_relations()
        self.filterset = TrainingCourseFilter(self.request.GET, queryset=base, request=self.request)
        return self.filterset.qs if self.filterset.is_valid() else base.none()

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class TrainingCourseCreateView(RoleRequiredMixin, FormView):
    allowed_roles = STAFF_ONLY
    form_class = TrainingCourseForm
    template_name = "training/training_form.html"

    def form_valid(self, form):
        try:
            course = training_course_create(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The course was created."))
        return redirect(course)


class TrainingCourseDetailView(
    RoleRequiredMixin, RecordsAccessMixin, SafePaginationMixin, ListView
):
    """A course and its trainees (paginated)."""

    allowed_roles = STAFF_AND_EXECUTIVE
    template_name = "training/training_detail.html"
    context_object_name = "trainees"
    access_action = AccessAction.LIST
    access_subject_type = SubjectType.TRAINEE

    def access_subject(self, context):
        return self.course, [trainee.pk for trainee in context["trainees"]]

    def dispatch(self, request, *args, **kwargs):
        require_role(request.user, self.allowed_roles)
        self.course = get_object_or_404(
            TrainingCourse.objects.visible_to(request.user), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Trainee.objects.visible_to(self.request.user)
            .filter(course=self.course)
            .select_related("hired_by")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(course=self.course, **kwargs)


class TraineeAddView(RoleRequiredMixin, FormView):
    allowed_roles = STAFF_ONLY
    form_class = TraineeForm
    template_name = "training/training_trainee_form.html"

    def dispatch(self, request, *args, **kwargs):
        require_role(request.user, self.allowed_roles)
        self.course = get_object_or_404(
            TrainingCourse.objects.visible_to(request.user), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(course=self.course, **kwargs)

    def form_valid(self, form):
        try:
            trainee = trainee_add(course=self.course, by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        record_access(self.request, AccessAction.CREATE, SubjectType.TRAINEE, trainee, [trainee.pk])
        messages.success(self.request, _("The trainee was added."))
        if "add_another" in self.request.POST:
            return redirect("training:trainee_add", pk=self.course.pk)
        return redirect(self.course)
