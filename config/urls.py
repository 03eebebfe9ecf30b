from django.contrib import admin
from django.urls import include, path

from core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("users/", include("users.urls")),
    path("companies/", include("companies.urls")),
    path("programs/", include("programs.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("reports/", include("reports.urls")),
    path("portal/", include("portal.urls")),
    path("audit/", include("audit.urls")),
]
