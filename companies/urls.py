from django.urls import path

from companies.views import companies, exports, imports

app_name = "companies"

urlpatterns = [
    path("home/", companies.StaffHomeView.as_view(), name="staff_home"),
    path("", companies.CompanyListView.as_view(), name="list"),
    path("autocomplete/", companies.CompanyAutocompleteView.as_view(), name="autocomplete"),
    path("export/", exports.CompanyExportView.as_view(), name="export"),
    path("contacts/export/", exports.ContactExportView.as_view(), name="contact_export"),
    path("new/", companies.CompanyCreateView.as_view(), name="create"),
    path("import/", imports.CompanyImportView.as_view(), name="import"),
    path("import/confirm/", imports.company_import_confirm, name="import_confirm"),
    path("import/jobs/<int:pk>/", imports.CompanyImportJobView.as_view(), name="import_job"),
    path("import/template.csv", imports.company_import_template, name="import_template"),
    path("<int:pk>/", companies.CompanyDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", companies.CompanyUpdateView.as_view(), name="update"),
    path("<int:pk>/stage/", companies.StageChangeView.as_view(), name="stage_change"),
    path("<int:pk>/contacts/new/", companies.ContactAddView.as_view(), name="contact_add"),
    path(
        "<int:pk>/interactions/new/",
        companies.InteractionCreateView.as_view(),
        name="interaction_create",
    ),
]
