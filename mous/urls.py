from django.urls import path

from mous import views

app_name = "mous"

# MOUs (업무협약) and relocations (기업 유치), under /companies/ as before.
urlpatterns = [
    path("mous/", views.MouListView.as_view(), name="list"),
    path("mous/summary/", views.MouSummaryView.as_view(), name="summary"),
    path("mous/new/", views.MouCreateView.as_view(), name="create"),
    path("mous/<int:pk>/", views.MouDetailView.as_view(), name="detail"),
    path("mous/<int:pk>/edit/", views.MouUpdateView.as_view(), name="update"),
    path("mous/<int:pk>/stage/", views.MouStageChangeView.as_view(), name="stage_change"),
    path("mous/<int:pk>/document/", views.mou_document, name="document"),
    path("relocations/", views.RelocationListView.as_view(), name="relocation_list"),
    path("relocations/new/", views.RelocationCreateView.as_view(), name="relocation_create"),
    path(
        "relocations/<int:pk>/edit/",
        views.RelocationUpdateView.as_view(),
        name="relocation_update",
    ),
]
