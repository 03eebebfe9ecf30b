from django.shortcuts import redirect

from users.models import Role

ROLE_HOMES = {
    Role.STAFF: "companies:staff_home",
    Role.EXECUTIVE: "reports:dashboard",
    Role.MENTOR: "mentoring:home",
    Role.FIRM: "portal:home",
}


def home(request):
    """Send each role to its own landing page."""
    user = request.user
    if user.role in ROLE_HOMES:
        return redirect(ROLE_HOMES[user.role])
    if user.is_superuser:
        return redirect("admin:index")
    return redirect("account_logout")
