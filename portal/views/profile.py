"""Firm self-service. The company is always request.user.company, never taken from the URL."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, UpdateView

from audit.access import AccessAction, RecordsAccessMixin, SubjectType, record_access
from companies.forms import CompanyContactEditForm, ContactForm
from companies.models import Company, CompanyContact
from companies.services import contact_add, contact_update
from compute.selectors import portal_compute_context
from core.views import add_service_errors
from mentoring.selectors import portal_mentoring_context
from portal.forms import CompanyProfileForm
from programs.selectors import portal_program_context
from users.permissions import FIRM_ONLY, RoleRequiredMixin, require_role


class FirmMixin(RoleRequiredMixin):
    allowed_roles = FIRM_ONLY

    def get_company(self) -> Company:
        return get_object_or_404(
            Company.objects.visible_to(self.request.user), pk=self.request.user.company_id
        )


class PortalHomeView(FirmMixin, RecordsAccessMixin, TemplateView):
    template_name = "portal/home.html"

    def access_subject(self, context):
        company = context["company"]
        ids = [link.person_id for link in company.contact_links.all()]
        return _("Contacts of %(company)s") % {"company": company.name}, ids

    def get_context_data(self, **kwargs):
        company = get_object_or_404(
            Company.objects.visible_to(self.request.user).with_detail_relations(),
            pk=self.request.user.company_id,
        )
        context = super().get_context_data(company=company, **kwargs)
        context.update(portal_program_context(company=company))
        context.update(portal_compute_context(company=company))
        context.update(portal_mentoring_context(company=company))
        return context


class ProfileEditView(FirmMixin, UpdateView):
    form_class = CompanyProfileForm
    template_name = "portal/profile_form.html"

    def get_object(self, queryset=None):
        return self.get_company()

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Your company profile was saved."))
        return redirect("portal:home")


class PortalContactAddView(FirmMixin, FormView):
    form_class = ContactForm
    template_name = "portal/contact_form.html"

    def form_valid(self, form):
        try:
            link = contact_add(company=self.get_company(), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        record_access(self.request, AccessAction.CREATE, SubjectType.PERSON, link, [link.person_id])
        messages.success(self.request, _("Contact %(name)s was added.") % {"name": link.person})
        return redirect("portal:home")


class PortalContactEditView(FirmMixin, RecordsAccessMixin, FormView):
    """Edit one of the firm's own contacts; another firm's contact id is a 404."""

    form_class = CompanyContactEditForm
    template_name = "portal/contact_form.html"

    def dispatch(self, request, *args, **kwargs):
        require_role(request.user, self.allowed_roles)  # 403 for the role before 404 for the id
        self.link = get_object_or_404(
            CompanyContact.objects.visible_to(request.user).select_related("person"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return CompanyContactEditForm.initial_for(self.link)

    def get_context_data(self, **kwargs):
        return super().get_context_data(link=self.link, **kwargs)

    def access_subject(self, context):
        return self.link, [self.link.person_id]

    def form_valid(self, form):
        contact_update(link=self.link, **form.cleaned_data)
        record_access(
            self.request, AccessAction.CHANGE, SubjectType.PERSON, self.link, [self.link.person_id]
        )
        messages.success(
            self.request, _("Contact %(name)s was saved.") % {"name": self.link.person}
        )
        return redirect("portal:home")
