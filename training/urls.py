from django.urls import path

from training.views import (
    TraineeAddView,
    TrainingCourseCreateView,
    TrainingCourseDetailView,
    TrainingCourseListView,
    TrainingCourseUpdateView,
)

app_name = "training"

urlpatterns = [
    path("", TrainingCourseListView.as_view(), name="list"),
    path("new/", TrainingCourseCreateView.as_view(), name="create"),
    path("<int:pk>/", TrainingCourseDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", TrainingCourseUpdateView.as_view(), name="course_update"),
    path(
        "<int:pk>/trainees/new/",
        TraineeAddView.as_view(),
        name="trainee_add",
    ),
]
