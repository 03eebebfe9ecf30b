"""The consents recorded when forms collected personal data (PIPA arts. 15, 17, 22)."""

from django.utils.translation import gettext as _
from django.views.generic import ListView

from audit.access import AccessAction, record_access
from audit.forms import ConsentFilter
from audit.models import Consent
from audit.selectors.consent import subject_names
from audit.views import PrivacyOfficerMixin
from core.views import FilteredListMixin
from users.permissions import STAFF_ONLY


class ConsentListView(PrivacyOfficerMixin, FilteredListMixin, ListView):
    allowed_roles = STAFF_ONLY  # the privacy officer is a staff member
    filterset_class = ConsentFilter
    template_name = "audit/consent_list.html"
    context_object_name = "consents"

    def base_queryset(self):
        return Consent.objects.visible_to(self.request.user).select_related("recorded_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consents = list(context["consents"])
        names = subject_names((c.subject_type, c.subject_id) for c in consents)
        shown: dict[str, list[int]] = {}
        for consent in consents:
            consent.subject_name = names.get((consent.subject_type, consent.subject_id), "")
            shown.setdefault(consent.subject_type, []).append(consent.subject_id)
        context["consents"] = consents
        for subject_type, ids in shown.items():
            record_access(self.request, AccessAction.LIST, subject_type, _("Consents"), ids)
        return context
