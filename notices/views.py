"""Every user's own notices: the list, opening one, marking all read, and e-mail preferences."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView

from core.pagination import SafePaginationMixin
from core.views import ServiceFormMixin
from notices.forms import NoticePreferencesForm
from notices.models import Notice
from notices.services import (
    email_language,
    email_modes,
    kinds_for,
    notice_open,
    notice_preferences_save,
    notices_mark_all_read,
)
from users.permissions import EVERY_ROLE, FIRM_ONLY, RoleRequiredMixin, has_role, require_role


class NoticePageMixin(RoleRequiredMixin):
    """Every role has notices; firms see them in the portal's layout, the others in staff's."""

    allowed_roles = EVERY_ROLE

    def get_context_data(self, **kwargs):
        portal = has_role(self.request.user, FIRM_ONLY)
        layout = "portal/layout.html" if portal else "staff/layout.html"
        return super().get_context_data(layout=layout, **kwargs)


class NoticeListView(NoticePageMixin, SafePaginationMixin, ListView):
    """The user's notices, unread first."""

    template_name = "notices/notice_list.html"
    context_object_name = "notices"

    def get_queryset(self):
        return Notice.objects.visible_to(self.request.user).unread_first()


def notice_open_view(request, pk):
    """Open a notice: it is marked read and the user goes on to what it is about. A GET, so the
    notice works as a plain link (a new tab too); the only write is the reader's own notice
    becoming read, which repeating changes nothing."""
    require_role(request.user, EVERY_ROLE)
    notice = get_object_or_404(Notice.objects.visible_to(request.user), pk=pk)
    notice_open(notice=notice)
    if notice.link and url_has_allowed_host_and_scheme(
        notice.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notice.link)
    return redirect("notices:list")


@require_POST
def notices_read_all_view(request):
    """Mark every unread notice of the user read."""
    require_role(request.user, EVERY_ROLE)
    count = notices_mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext("%(count)d notice was marked read.", "%(count)d notices were marked read.", count)
        % {"count": count},
    )
    return redirect("notices:list")


class NoticePreferencesView(NoticePageMixin, ServiceFormMixin, FormView):
    """Per kind of notice: e-mail each one, a daily digest, or none; and the e-mails' language."""

    form_class = NoticePreferencesForm
    template_name = "notices/notice_preferences.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kinds": kinds_for(self.request.user)}

    def get_initial(self):
        user = self.request.user
        return {**email_modes(user), "language": email_language(user)}

    def run_service(self, form):
        notice_preferences_save(
            user=self.request.user, modes=form.modes(), language=form.cleaned_data["language"]
        )

    def success(self, result):
        messages.success(self.request, _("Your notice settings were saved."))
        return redirect("notices:preferences")
