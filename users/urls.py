from django.urls import path

from users import views

app_name = "users"

urlpatterns = [
    path("invitations/", views.InvitationListView.as_view(), name="invitation_list"),
    path("invitations/new/", views.InvitationCreateView.as_view(), name="invite"),
    path("invitations/accept/<str:token>/", views.InvitationAcceptView.as_view(), name="accept"),
    path("mfa/confirm-email/", views.EnrolmentConfirmView.as_view(), name="enrolment_confirm"),
    path("security-events/", views.SecurityEventListView.as_view(), name="security_events"),
]
