"""Template context for the firm portal: the outcome-report reminder banner."""

from django.utils import timezone

from outcomes.models import OutcomeReport, OutcomeStatus, ReportingPeriod
from users.permissions import firm_company_id

# Statuses in which the firm still owes the agency its report.
OWED = (OutcomeStatus.DRAFT, OutcomeStatus.CHANGES_REQUESTED)


def outcome_banner(request):
    """Open periods the signed-in firm has not submitted for (two queries, firms only)."""
    user = getattr(request, "user", None)
    company_id = firm_company_id(user) if user else None
    if not company_id:
        return {}
    if not request.resolver_match or request.resolver_match.namespace != "portal":
        return {}
    if request.resolver_match.url_name == "home":
        return {}  # the portal home lists what the firm owes, with links (portal_actions)
    today = timezone.localdate()
    periods = list(ReportingPeriod.objects.open(today).order_by("due_on"))
    if not periods:
        return {}
    done = set(
        OutcomeReport.objects.filter(company_id=company_id, period__in=periods)
        .exclude(status__in=OWED)
        .values_list("period_id", flat=True)
    )
    owed = [p for p in periods if p.pk not in done]
    return {"outcome_banner_periods": owed, "outcome_banner_today": today} if owed else {}
