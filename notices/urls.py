from django.urls import path

from notices import views

app_name = "notices"

urlpatterns = [
    path("", views.NoticeListView.as_view(), name="list"),
    path("<int:pk>/open/", views.notice_open_view, name="open"),
    path("read-all/", views.notices_read_all_view, name="read_all"),
    path("preferences/", views.NoticePreferencesView.as_view(), name="preferences"),
]
