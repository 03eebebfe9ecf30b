from django.urls import path

from programs.views.awards import (
    AwardCreateForApplicationView,
    AwardCreateView,
    AwardDetailView,
    AwardDisburseView,
    AwardInstalmentAddView,
    AwardListView,
    AwardStatusView,
)
from programs.views.calls import (
    ApplicationCreateView,
    ApplicationDecideView,
    ApplicationDetailView,
    ApplicationEvaluateView,
    CallCreateView,
    CallDetailView,
    CallListView,
    CallUpdateView,
)
from programs.views.programs import (
    ProgramBudgetView,
    ProgramCreateView,
    ProgramDetailView,
    ProgramListView,
    ProgramUpdateView,
)

app_name = "programs"

urlpatterns = [
    path("programmes/", ProgramListView.as_view(), name="list"),
    path("programmes/new/", ProgramCreateView.as_view(), name="create"),
    path("programmes/<int:pk>/", ProgramDetailView.as_view(), name="detail"),
    path("programmes/<int:pk>/edit/", ProgramUpdateView.as_view(), name="update"),
    path("programmes/<int:pk>/budget/", ProgramBudgetView.as_view(), name="budget"),
    path("calls/", CallListView.as_view(), name="call_list"),
    path("calls/new/", CallCreateView.as_view(), name="call_create"),
    path("calls/<int:pk>/", CallDetailView.as_view(), name="call_detail"),
    path("calls/<int:pk>/edit/", CallUpdateView.as_view(), name="call_update"),
    path(
        "calls/<int:pk>/applications/new/",
        ApplicationCreateView.as_view(),
        name="application_create",
    ),
    path("applications/<int:pk>/", ApplicationDetailView.as_view(), name="application_detail"),
    path(
        "applications/<int:pk>/score/",
        ApplicationEvaluateView.as_view(),
        name="application_evaluate",
    ),
    path(
        "applications/<int:pk>/decision/",
        ApplicationDecideView.as_view(),
        name="application_decide",
    ),
    path(
        "applications/<int:pk>/award/",
        AwardCreateForApplicationView.as_view(),
        name="award_create_for_application",
    ),
    path("awards/", AwardListView.as_view(), name="award_list"),
    path("awards/new/", AwardCreateView.as_view(), name="award_create"),
    path("awards/<int:pk>/", AwardDetailView.as_view(), name="award_detail"),
    path("awards/<int:pk>/status/", AwardStatusView.as_view(), name="award_status"),
    path(
        "awards/<int:pk>/instalments/new/",
        AwardInstalmentAddView.as_view(),
        name="award_instalment_add",
    ),
    path(
        "awards/<int:pk>/disbursements/new/",
        AwardDisburseView.as_view(),
        name="award_disburse",
    ),
]
