from django.urls import path

from mentoring.views import pool, sessions

app_name = "mentoring"

urlpatterns = [
    path("", sessions.MentorHomeView.as_view(), name="home"),
    path("sessions/", sessions.SessionListView.as_view(), name="session_list"),
    path("sessions/new/", sessions.SessionCreateView.as_view(), name="session_create"),
    path("sessions/<int:pk>/", sessions.SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:pk>/approve/", sessions.session_approve_view, name="session_approve"),
    path("sessions/<int:pk>/reject/", sessions.SessionRejectView.as_view(), name="session_reject"),
    path("sessions/<int:pk>/attachment/", sessions.session_attachment, name="session_attachment"),
    path("mentors/", pool.MentorListView.as_view(), name="mentor_list"),
    path(
        "mentors/autocomplete/",
        pool.MentorAutocompleteView.as_view(),
        name="mentor_autocomplete",
    ),
    path("mentors/new/", pool.MentorProfileCreateView.as_view(), name="profile_create"),
    path("mentors/<int:pk>/", pool.MentorDetailView.as_view(), name="mentor_detail"),
    path("mentors/<int:pk>/edit/", pool.MentorProfileUpdateView.as_view(), name="profile_update"),
    path("companies/<int:pk>/assign/", pool.AssignmentCreateView.as_view(), name="assign"),
    path("assignments/<int:pk>/unassign/", pool.AssignmentEndView.as_view(), name="unassign"),
    path("assignments/<int:pk>/budget/", pool.AssignmentBudgetView.as_view(), name="budget_change"),
]
