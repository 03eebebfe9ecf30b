from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("companies/<slug:code>/", views.DrilldownView.as_view(), name="drilldown"),
    path("files/", views.ExportListView.as_view(), name="export_list"),
    path("files/new/", views.export_create, name="export_create"),
    path("files/<int:pk>/", views.ExportDetailView.as_view(), name="export_detail"),
    path("files/<int:pk>/download/", views.export_download, name="export_download"),
    path("snapshots/", views.SnapshotListView.as_view(), name="snapshot_list"),
    path("snapshots/new/", views.SnapshotCreateView.as_view(), name="snapshot_create"),
    path("snapshots/<int:pk>/files/<slug:fmt>/", views.snapshot_file, name="snapshot_file"),
    path("snapshots/<int:pk>/retry/", views.snapshot_retry, name="snapshot_retry"),
    path("indicators/", views.KpiIndicatorListView.as_view(), name="indicator_list"),
    # Before the detail path, whose code "new" the form refuses.
    path("indicators/new/", views.KpiIndicatorCreateView.as_view(), name="indicator_create"),
    path(
        "indicators/<slug:code>/",
        views.KpiIndicatorDetailView.as_view(),
        name="indicator_detail",
    ),
    path("targets/", views.KpiTargetEditView.as_view(), name="target_edit"),
    path(
        "indicators/<int:pk>/edit/",
        views.KpiIndicatorUpdateView.as_view(),
        name="indicator_update",
    ),
]
