from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("companies/<slug:code>/", views.DrilldownView.as_view(), name="drilldown"),
    path("kpi.pdf", views.kpi_pdf_download, name="kpi_pdf"),
    path("kpi.xlsx", views.kpi_xlsx_download, name="kpi_xlsx"),
    path("indicators/", views.KpiIndicatorListView.as_view(), name="indicator_list"),
    path(
        "indicators/<int:pk>/edit/",
        views.KpiIndicatorUpdateView.as_view(),
        name="indicator_update",
    ),
]
