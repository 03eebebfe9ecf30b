from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.PortalHomeView.as_view(), name="home"),
    path("profile/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("contacts/new/", views.PortalContactAddView.as_view(), name="contact_add"),
    path("contacts/<int:pk>/edit/", views.PortalContactEditView.as_view(), name="contact_edit"),
]
