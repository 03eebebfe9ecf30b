from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("review/", views.ReviewView.as_view(), name="review"),
    path("review/sign-off/", views.review_sign_off, name="review_sign_off"),
    path("records/", views.AccessRecordListView.as_view(), name="record_list"),
    path("records/verify/", views.chain_verify, name="chain_verify"),
]
