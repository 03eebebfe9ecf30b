from django.urls import path

from audit.views import consents, policy, requests, retention, review

app_name = "audit"

urlpatterns = [
    path("review/", review.ReviewView.as_view(), name="review"),
    path("review/sign-off/", review.review_sign_off, name="review_sign_off"),
    path("records/", review.AccessRecordListView.as_view(), name="record_list"),
    path("records/verify/", review.chain_verify, name="chain_verify"),
    path("consents/", consents.ConsentListView.as_view(), name="consent_list"),
    path("retention/", retention.RetentionView.as_view(), name="retention"),
    path("retention/<slug:kind>/destroy/", retention.DestroyView.as_view(), name="destroy"),
    path("destructions/", retention.DestructionListView.as_view(), name="destruction_list"),
    path("requests/", requests.SubjectRequestListView.as_view(), name="request_list"),
    path("requests/new/", requests.SubjectRequestCreateView.as_view(), name="request_create"),
    path("requests/<int:pk>/", requests.SubjectRequestDetailView.as_view(), name="request_detail"),
    path(
        "requests/<int:pk>/answer/",
        requests.SubjectRequestAnswerView.as_view(),
        name="request_answer",
    ),
    path(
        "requests/<int:pk>/notes/",
        requests.SubjectRequestNotesView.as_view(),
        name="request_notes",
    ),
    # Public: linked from every page's footer and the login page.
    path("privacy-policy/", policy.PrivacyPolicyView.as_view(), name="privacy_policy"),
]
