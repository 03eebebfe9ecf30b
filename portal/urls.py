from django.urls import path

from portal.views import compute, mentoring, outcomes, profile, programs

app_name = "portal"

urlpatterns = [
    path("", profile.PortalHomeView.as_view(), name="home"),
    path("profile/", profile.ProfileEditView.as_view(), name="profile_edit"),
    path("contacts/new/", profile.PortalContactAddView.as_view(), name="contact_add"),
    path("contacts/<int:pk>/edit/", profile.PortalContactEditView.as_view(), name="contact_edit"),
]
# Each area keeps its own routes next to its views.
urlpatterns += (
    programs.urlpatterns + compute.urlpatterns + mentoring.urlpatterns + outcomes.urlpatterns
)
