"""Retention and destruction (PIPA art. 21): what is past retention, the destruction after a
confirmation, and the destruction register (파기 대장)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, ListView, TemplateView

from audit.access import AccessAction, record_access
from audit.forms import DestroyConfirmForm, DestructionFilter
from audit.kinds import RETAINED
from audit.models import DestructionRecord
from audit.selectors.retention import expired_group, expired_overview
from audit.services.retention import personal_data_destroy
from audit.views import PrivacyOfficerMixin, require_privacy_officer
from core.views import FilteredListMixin, ServiceFormMixin
from users.permissions import STAFF_ONLY


def _record_shown(request, groups) -> None:
    """One access record per kind whose people (or records about people) the page listed."""
    for group in groups:
        if group.rows:
            record_access(
                request,
                AccessAction.LIST,
                group.kind.subject_type,
                _("%(kind)s past retention") % {"kind": group.kind.label},
                list(dict.fromkeys(row.subject_id for row in group.rows)),
            )


class RetentionView(PrivacyOfficerMixin, TemplateView):
    """Each kind of person data and of records about users: its retention, and what is past
    it."""

    template_name = "audit/retention.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            groups=expired_overview(),
            latest=DestructionRecord.objects.visible_to(self.request.user).select_related(
                "approved_by"
            )[:5],
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        _record_shown(self.request, context["groups"])
        return response


class DestroyView(ServiceFormMixin, FormView):
    """GET: what would be destroyed and the confirmation; POST: the destruction."""

    form_class = DestroyConfirmForm
    template_name = "audit/destroy_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        require_privacy_officer(request.user)
        if kwargs["kind"] not in RETAINED:
            raise Http404
        self.kind = kwargs["kind"]
        self.group = expired_group(self.kind)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"expected": self.group.count}

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, **kwargs)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        _record_shown(request, [self.group])
        return response

    def run_service(self, form):
        return personal_data_destroy(
            kind=self.kind,
            by=self.request.user,
            expected=form.cleaned_data["expected"],
            note=form.cleaned_data["note"],
            request=self.request,
        )

    def success(self, record):
        messages.success(
            self.request,
            ngettext(
                "The personal data of %(count)s person was destroyed and entered in the "
                "destruction register.",
                "The personal data of %(count)s people was destroyed and entered in the "
                "destruction register.",
                record.people,
            )
            % {"count": record.people},
        )
        return redirect("audit:destruction_list")


class DestructionListView(PrivacyOfficerMixin, FilteredListMixin, ListView):
    """The destruction register."""

    allowed_roles = STAFF_ONLY  # the privacy officer is a staff member
    filterset_class = DestructionFilter
    template_name = "audit/destruction_list.html"
    context_object_name = "records"

    def base_queryset(self):
        return DestructionRecord.objects.visible_to(self.request.user).select_related("approved_by")
