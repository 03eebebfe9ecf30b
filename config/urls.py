from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from core import views as core_views
from users import views as user_views

# The admin logs in through allauth's login too: the same rate limits, lockout and
# two-factor authentication as everywhere else.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", core_views.home, name="home"),
    # allauth's authenticator set-up, with an e-mailed code first from outside (same path, name).
    path(
        "accounts/2fa/totp/activate/",
        user_views.ActivateTotpView.as_view(),
        name="mfa_activate_totp",
    ),
    path("accounts/", include("allauth.urls")),
    # The language switch in the header works for signed-out visitors too (the login page).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("users/", include("users.urls")),
    path("companies/outcomes/", include("outcomes.urls")),
    path("companies/", include("mous.urls")),
    path("companies/", include("companies.urls")),
    path("programs/compute/", include("compute.urls")),
    path("programs/equipment/", include("equipment.urls")),
    path("programs/training/", include("training.urls")),
    path("programs/", include("programs.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("reports/", include("reports.urls")),
    path("portal/", include("portal.urls")),
    path("notices/", include("notices.urls")),
    path("audit/", include("audit.urls")),
]
