from allauth.mfa.totp.views import ActivateTOTPView
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from audit.access import AccessAction, RecordsAccessMixin, SubjectType, record_access
from core.pagination import SafePaginationMixin
from core.views import ServiceFormMixin
from users import enrolment
from users.forms import EnrolmentCodeForm, InvitationForm, SetPasswordForm
from users.models import Invitation, SecurityEvent
from users.permissions import STAFF_ONLY, RoleRequiredMixin
from users.services import invitation_accept, invitation_create, invitation_for_token


class InvitationListView(RoleRequiredMixin, RecordsAccessMixin, SafePaginationMixin, ListView):
    allowed_roles = STAFF_ONLY
    template_name = "users/invitation_list.html"
    context_object_name = "invitations"
    access_action = AccessAction.LIST
    access_subject_type = SubjectType.USER

    def access_subject(self, context):
        invitations = context["invitations"]
        return _("Invitations"), [invitation.user_id for invitation in invitations]

    def get_queryset(self):
        return Invitation.objects.visible_to(self.request.user).select_related(
            "company", "invited_by"
        )


class InvitationCreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    allowed_roles = STAFF_ONLY
    form_class = InvitationForm
    template_name = "users/invitation_form.html"

    def get_initial(self):
        initial = super().get_initial()
        if company := self.request.GET.get("company", "").strip():
            initial.update(company=company if company.isdigit() else None, role="firm")
        return initial

    def run_service(self, form):
        def accept_url(token):
            return self.request.build_absolute_uri(reverse("users:accept", args=[token]))

        return invitation_create(by=self.request.user, accept_url=accept_url, **form.cleaned_data)

    def success(self, invitation):
        record_access(
            self.request, AccessAction.CREATE, SubjectType.USER, invitation.email, people=1
        )
        messages.success(
            self.request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
        )
        return redirect("users:invitation_list")


@method_decorator(login_not_required, name="dispatch")
class InvitationAcceptView(ServiceFormMixin, FormView):
    """The invitee sets a password; the link works once and expires after 72 hours."""

    form_class = SetPasswordForm
    template_name = "users/invitation_accept.html"
    service_error_field = "password1"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = invitation_for_token(kwargs["token"])
        if self.invitation is None:
            return render(request, "users/invitation_invalid.html", status=404)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation=self.invitation, **kwargs)

    def run_service(self, form):
        return invitation_accept(
            invitation=self.invitation, password=form.cleaned_data["password1"]
        )

    def success(self, user):
        login(self.request, user, backend="users.backends.ModelBackend")
        # An account with a role is a grant of access: kept with the role changes.
        record_access(
            self.request,
            AccessAction.ROLE_CHANGE,
            SubjectType.USER,
            _("%(email)s joined as %(role)s")
            % {"email": user.email, "role": user.get_role_display()},
            [user.pk],
        )
        messages.success(self.request, _("Welcome. Your account is ready."))
        return redirect("home")


class SecurityEventListView(RoleRequiredMixin, SafePaginationMixin, ListView):
    """Logins, failures, lockouts and account changes, newest first (the access record)."""

    allowed_roles = STAFF_ONLY
    template_name = "users/securityevent_list.html"
    context_object_name = "events"

    def get_queryset(self):
        return SecurityEvent.objects.visible_to(self.request.user).select_related("user")


class ActivateTotpView(ActivateTOTPView):
    """allauth's authenticator set-up, after an e-mailed code when the user connects from
    outside the agency's networks and has no authenticator yet (users/enrolment.py)."""

    def get(self, request, *args, **kwargs):
        if enrolment.confirmation_needed(request):
            return redirect("users:enrolment_confirm")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if enrolment.confirmation_needed(request):
            return redirect("users:enrolment_confirm")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        enrolment.forget(self.request)
        return response


class EnrolmentConfirmView(FormView):
    """Ask for the e-mailed code; a button sends a new one."""

    form_class = EnrolmentCodeForm
    template_name = "users/enrolment_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        if not enrolment.confirmation_needed(request):
            return redirect("mfa_activate_totp")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        enrolment.send_code(request)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if "send_again" in request.POST:
            if enrolment.send_code(request, again=True):
                messages.success(request, _("A new code has been sent."))
            else:
                messages.warning(request, _("A code was sent less than a minute ago."))
            return redirect("users:enrolment_confirm")
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["masked_email"] = enrolment.masked_email(self.request.user.email)
        return context

    def form_valid(self, form):
        problem = enrolment.check_code(self.request, form.cleaned_data["code"])
        if problem is None:
            return redirect("mfa_activate_totp")
        messages_for = {
            "incorrect": _("This code is not the one we sent."),
            "expired": _("This code has expired. Send a new one."),
            "too_many": _("Too many wrong codes. Send a new one."),
        }
        form.add_error("code", messages_for[problem])
        return self.form_invalid(form)
