from django.urls import path

from compute.views import (
    AllocationCompanyAutocompleteView,
    AllocationCreateView,
    AllocationDatesView,
    AllocationDetailView,
    AllocationListView,
    AllocationReclaimView,
    AllocationUpdateView,
    CapacityCreateView,
    CapacityListView,
    UsageImportJobView,
    UsageImportView,
    usage_import_confirm,
    usage_import_template,
)

app_name = "compute"

urlpatterns = [
    path("", CapacityListView.as_view(), name="capacity_list"),
    path("periods/new/", CapacityCreateView.as_view(), name="capacity_create"),
    path("allocations/", AllocationListView.as_view(), name="allocation_list"),
    path("allocations/new/", AllocationCreateView.as_view(), name="allocation_create"),
    path(
        "allocations/companies/",
        AllocationCompanyAutocompleteView.as_view(),
        name="allocation_company_autocomplete",
    ),
    path("allocations/<int:pk>/", AllocationDetailView.as_view(), name="allocation_detail"),
    path(
        "allocations/<int:pk>/edit/",
        AllocationUpdateView.as_view(),
        name="allocation_update",
    ),
    path(
        "allocations/<int:pk>/dates/",
        AllocationDatesView.as_view(),
        name="allocation_dates",
    ),
    path(
        "allocations/<int:pk>/reclaim/",
        AllocationReclaimView.as_view(),
        name="allocation_reclaim",
    ),
    path("usage/import/", UsageImportView.as_view(), name="usage_import"),
    path(
        "usage/import/confirm/",
        usage_import_confirm,
        name="usage_import_confirm",
    ),
    path(
        "usage/import/jobs/<int:pk>/",
        UsageImportJobView.as_view(),
        name="usage_import_job",
    ),
    path(
        "usage/import/template.csv",
        usage_import_template,
        name="usage_import_template",
    ),
]
