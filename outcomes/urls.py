from django.urls import path

from outcomes import views

app_name = "outcomes"

# Firm outcome reports (성과 보고), staff side; the firm's side is in the portal.
urlpatterns = [
    path("", views.OutcomeReportListView.as_view(), name="list"),
    path("periods/", views.ReportingPeriodListView.as_view(), name="period_list"),
    path("periods/new/", views.ReportingPeriodCreateView.as_view(), name="period_create"),
    path("patents/", views.PatentListView.as_view(), name="patent_list"),
    path("<int:pk>/", views.OutcomeReviewView.as_view(), name="review"),
    path("<int:pk>/pdf/", views.outcome_report_pdf, name="pdf"),
    path("evidence/<int:pk>/", views.outcome_evidence_download, name="evidence"),
]
