from django.urls import path

from audit.views import consents, review

app_name = "audit"

urlpatterns = [
    path("review/", review.ReviewView.as_view(), name="review"),
    path("review/sign-off/", review.review_sign_off, name="review_sign_off"),
    path("records/", review.AccessRecordListView.as_view(), name="record_list"),
    path("records/verify/", review.chain_verify, name="chain_verify"),
    path("consents/", consents.ConsentListView.as_view(), name="consent_list"),
]
