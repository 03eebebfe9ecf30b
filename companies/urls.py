from django.urls import path

from companies import importing, views, views_export, views_mou, views_outcome

app_name = "companies"

urlpatterns = [
    path("home/", views.StaffHomeView.as_view(), name="staff_home"),
    path("", views.CompanyListView.as_view(), name="list"),
    path("export/", views_export.CompanyExportView.as_view(), name="export"),
    path("contacts/export/", views_export.ContactExportView.as_view(), name="contact_export"),
    path("new/", views.CompanyCreateView.as_view(), name="create"),
    path("import/", importing.CompanyImportView.as_view(), name="import"),
    path("import/confirm/", importing.company_import_confirm, name="import_confirm"),
    path("import/template.csv", importing.company_import_template, name="import_template"),
    path("<int:pk>/", views.CompanyDetailView.as_view(), name="detail"),
    path("<int:pk>/sections/", views.CompanySectionsView.as_view(), name="sections"),
    path("<int:pk>/edit/", views.CompanyUpdateView.as_view(), name="update"),
    path("<int:pk>/stage/", views.StageChangeView.as_view(), name="stage_change"),
    path("<int:pk>/contacts/new/", views.ContactAddView.as_view(), name="contact_add"),
    path(
        "<int:pk>/interactions/new/",
        views.InteractionCreateView.as_view(),
        name="interaction_create",
    ),
    # MOUs (업무협약) and relocations (기업 유치)
    path("mous/", views_mou.MouListView.as_view(), name="mou_list"),
    path("mous/summary/", views_mou.MouSummaryView.as_view(), name="mou_summary"),
    path("mous/new/", views_mou.MouCreateView.as_view(), name="mou_create"),
    path("mous/<int:pk>/", views_mou.MouDetailView.as_view(), name="mou_detail"),
    path("mous/<int:pk>/edit/", views_mou.MouUpdateView.as_view(), name="mou_update"),
    path("mous/<int:pk>/stage/", views_mou.MouStageChangeView.as_view(), name="mou_stage_change"),
    path("mous/<int:pk>/document/", views_mou.mou_document, name="mou_document"),
    path("relocations/", views_mou.RelocationListView.as_view(), name="relocation_list"),
    path("relocations/new/", views_mou.RelocationCreateView.as_view(), name="relocation_create"),
    path(
        "relocations/<int:pk>/edit/",
        views_mou.RelocationUpdateView.as_view(),
        name="relocation_update",
    ),
    # Firm outcome reports (성과 보고)
    path("outcomes/", views_outcome.OutcomeReportListView.as_view(), name="outcome_list"),
    path(
        "outcomes/periods/",
        views_outcome.ReportingPeriodListView.as_view(),
        name="outcome_period_list",
    ),
    path(
        "outcomes/periods/new/",
        views_outcome.ReportingPeriodCreateView.as_view(),
        name="outcome_period_create",
    ),
    path("outcomes/patents/", views_outcome.PatentListView.as_view(), name="outcome_patent_list"),
    path("outcomes/<int:pk>/", views_outcome.OutcomeReviewView.as_view(), name="outcome_review"),
    path("outcomes/<int:pk>/pdf/", views_outcome.outcome_report_pdf, name="outcome_pdf"),
    path(
        "outcomes/evidence/<int:pk>/",
        views_outcome.outcome_evidence_download,
        name="outcome_evidence",
    ),
]
