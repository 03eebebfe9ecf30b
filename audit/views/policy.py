"""The privacy policy (개인정보 처리방침, PIPA art. 30): public, and built from the same kinds,
retention settings and officer settings the CRM works with, so it stays true."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from audit.kinds import KINDS, RECORD_KINDS, accounts
from audit.models import ANSWER_DAYS, ConsentBasis, RequestKind


@method_decorator(login_not_required, name="dispatch")
class PrivacyPolicyView(TemplateView):
    template_name = "audit/privacy_policy.html"

    def get_context_data(self, **kwargs):
        kinds = list(KINDS.values())
        return super().get_context_data(
            agency=settings.AGENCY_NAME,
            kinds=kinds,
            accounts=accounts(),
            records=RECORD_KINDS,
            provisions=[kind for kind in kinds if kind.third_party is not None],
            bases=ConsentBasis.choices,
            request_kinds=RequestKind.choices,
            answer_days=ANSWER_DAYS,
            officer_name=settings.PRIVACY_OFFICER_NAME,
            officer_email=settings.PRIVACY_OFFICER_EMAIL,
            officer_phone=settings.PRIVACY_OFFICER_PHONE,
            **kwargs,
        )
