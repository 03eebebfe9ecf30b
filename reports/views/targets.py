"""The staff screen for the indicators' yearly targets and baselines."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView

from audit.selectors import history_for
from core.views import ServiceFormMixin
from reports import services
from reports.forms import KpiTargetsForm
from reports.models import KpiIndicator, KpiTarget
from reports.selectors.sources import PROGRAMME_START_YEAR
from users.permissions import STAFF_ONLY, RoleRequiredMixin


def target_years() -> list[int]:
    """Targets are set for the programme's years up to the next one, newest first."""
    return list(range(timezone.localdate().year + 1, PROGRAMME_START_YEAR - 1, -1))


def target_year(request) -> int:
    """`?year=` if it is one of target_years(), else the running year."""
    value = request.GET.get("year", "")
    # Compared as text: a 5,000-digit "year" is not converted to a number.
    years = {str(year): year for year in target_years()}
    return years.get(value, timezone.localdate().year)


class KpiTargetEditView(RoleRequiredMixin, ServiceFormMixin, FormView):
    """Staff set the year's target and baseline of each indicator, with the change history."""

    allowed_roles = STAFF_ONLY
    form_class = KpiTargetsForm
    template_name = "reports/target_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.year = target_year(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        self.indicators = list(
            KpiIndicator.objects.visible_to(self.request.user).for_year(self.year)
        )
        self.targets = {
            target.indicator_id: target
            for target in KpiTarget.objects.visible_to(self.request.user).filter(
                year=self.year, indicator__in=self.indicators
            )
        }
        return {**super().get_form_kwargs(), "indicators": self.indicators, "targets": self.targets}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # builds the form, which reads the targets
        context.update(
            year=self.year,
            years=target_years(),
            history=history_for(*self.targets.values()),
        )
        return context

    def run_service(self, form):
        return services.kpi_targets_save(year=self.year, values=form.values(), by=self.request.user)

    def success(self, written):
        if written:
            message = ngettext(
                "%(count)s target of %(year)s was saved.",
                "%(count)s targets of %(year)s were saved.",
                len(written),
            ) % {"count": len(written), "year": self.year}
        else:
            message = _("Nothing was changed.")
        messages.success(self.request, message)
        return redirect(f"{self.request.path}?year={self.year}")
