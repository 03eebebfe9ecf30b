from django.urls import path

from companies import importing, views

app_name = "companies"

urlpatterns = [
    path("home/", views.StaffHomeView.as_view(), name="staff_home"),
    path("", views.CompanyListView.as_view(), name="list"),
    path("export.xlsx", views.company_export, name="export"),
    path("new/", views.CompanyCreateView.as_view(), name="create"),
    path("import/", importing.CompanyImportView.as_view(), name="import"),
    path("import/confirm/", importing.company_import_confirm, name="import_confirm"),
    path("import/template.csv", importing.company_import_template, name="import_template"),
    path("<int:pk>/", views.CompanyDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.CompanyUpdateView.as_view(), name="update"),
    path("<int:pk>/stage/", views.StageChangeView.as_view(), name="stage_change"),
    path("<int:pk>/contacts/new/", views.ContactAddView.as_view(), name="contact_add"),
    path(
        "<int:pk>/interactions/new/",
        views.InteractionCreateView.as_view(),
        name="interaction_create",
    ),
]
