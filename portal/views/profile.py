"""Firm self-service. The company is always request.user.company, never taken from the URL."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, UpdateView

from audit.access import AccessAction, RecordsAccessMixin, SubjectType, record_access
from companies.forms import CompanyContactEditForm, ContactForm
from companies.models import Company, CompanyContact
from companies.services import contact_add, contact_update
from compute.selectors import portal_compute_context
from core.views import ObjectPageMixin, ServiceFormMixin
from mentoring.selectors import portal_mentoring_context
from outcomes.selectors import firm_outcome_actions
from portal.forms import CompanyProfileForm
from programs.selectors import portal_program_context
from users.permissions import FIRM_ONLY, RoleRequiredMixin


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
        # What waits for the firm comes first on its home.
        context["portal_actions"] = firm_outcome_actions(company=company)
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


class PortalContactAddView(FirmMixin, ServiceFormMixin, FormView):
    form_class = ContactForm
    template_name = "portal/contact_form.html"

    def run_service(self, form):
        return contact_add(company=self.get_company(), by=self.request.user, **form.cleaned_data)

    def success(self, link):
        record_access(self.request, AccessAction.CREATE, SubjectType.PERSON, link, [link.person_id])
        messages.success(self.request, _("Contact %(name)s was added.") % {"name": link.person})
        return redirect("portal:home")


class PortalContactEditView(ObjectPageMixin, RecordsAccessMixin, FormView):
    """Edit one of the firm's own contacts; another firm's contact id is a 404."""

    allowed_roles = FIRM_ONLY
    form_class = CompanyContactEditForm
    template_name = "portal/contact_form.html"
    object_context_name = "link"

    def object_queryset(self):
        return CompanyContact.objects.visible_to(self.request.user).select_related("person")

    def get_initial(self):
        return CompanyContactEditForm.initial_for(self.target)

    def access_subject(self, context):
        return self.target, [self.target.person_id]

    def form_valid(self, form):
        link = self.target
        contact_update(link=link, by=self.request.user, **form.cleaned_data)
        record_access(self.request, AccessAction.CHANGE, SubjectType.PERSON, link, [link.person_id])
        messages.success(self.request, _("Contact %(name)s was saved.") % {"name": link.person})
        return redirect("portal:home")
