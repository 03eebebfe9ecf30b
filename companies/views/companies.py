from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import (
    CreateView,
    DetailView,
    FormView,
    ListView,
    UpdateView,
)

from audit.access import AccessAction, RecordsAccessMixin, SubjectType, record_access
from audit.selectors import history_for
from companies.filters import CompanyFilter
from companies.forms import (
    CompanyCreateForm,
    CompanyForm,
    CompanyPickerField,
    ContactForm,
    InteractionForm,
    StageChangeForm,
)
from companies.models import Company, Interaction
from companies.selectors import TIMELINE_LONG, TIMELINE_SHORT, company_timeline
from companies.services import company_change_stage, company_create, contact_add, interaction_log
from compute.selectors import company_compute_context
from core.autocomplete import AutocompleteView
from core.submissions import RESUBMITTED, SubmitOnceMixin
from core.views import FilteredListMixin, ObjectPageMixin, ServiceFormMixin
from mentoring.selectors import company_mentoring_context
from mous.selectors import company_mou_context, overdue_mou_follow_ups
from programs.selectors import company_program_context
from users.permissions import (
    INTERNAL,
    STAFF_AND_EXECUTIVE,
    STAFF_ONLY,
    RoleRequiredMixin,
    has_role,
)


class CompanyAutocompleteView(AutocompleteView):
    """The companies a picker offers: active ones the user may see, searched by name or number."""

    allowed_roles = INTERNAL
    field_class = CompanyPickerField


# The staff home lists overdue follow-ups up to this many of each kind and says how many more.
OVERDUE_SHOWN = 100


class StaffHomeView(RoleRequiredMixin, ListView):
    """Staff landing page (내 업무): every overdue follow-up of my companies, MOUs included,
    my companies, upcoming follow-ups and the latest interactions."""

    allowed_roles = STAFF_ONLY
    template_name = "companies/staff_home.html"
    context_object_name = "recent_interactions"

    def get_queryset(self):
        return Interaction.objects.visible_to(self.request.user).with_list_relations()[:20]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["my_companies"] = (
            Company.objects.visible_to(user)
            .active()
            .filter(assigned_staff=user)
            .with_list_relations()[:20]
        )
        context["follow_ups"] = (
            Interaction.objects.visible_to(user)
            .filter(staff=user, follow_up_on__gte=timezone.localdate())
            .select_related("company")
            .order_by("follow_up_on")[:10]
        )
        overdue = (
            Interaction.objects.visible_to(user)
            .of_staff_member(user)
            .follow_ups_overdue()
            .select_related("company", "staff")
            .order_by("follow_up_on", "pk")
        )
        context["overdue_follow_ups"] = _capped(overdue)
        context["overdue_mous"] = _capped(overdue_mou_follow_ups(user=user))
        return context


def _capped(queryset) -> dict:
    """The first OVERDUE_SHOWN rows, and the total (counted only when there are more)."""
    rows = list(queryset[: OVERDUE_SHOWN + 1])
    total = len(rows) if len(rows) <= OVERDUE_SHOWN else queryset.count()
    return {"rows": rows[:OVERDUE_SHOWN], "total": total}


class CompanyListView(FilteredListMixin, ListView):
    allowed_roles = INTERNAL
    filterset_class = CompanyFilter
    template_name = "companies/company_list.html"
    context_object_name = "companies"
    # A search counts its matches up to this many: the pages then reach 1,000 companies and the
    # count says "more than 1,000", and the database stops after that many matches.
    search_count_cap = 1000
    # Any other list counts up to this many: exact at the agency's scale (hundreds of firms,
    # thousands in ten years), while a list of 100,000 costs the database 10,000 keys, not all.
    count_cap = 10_000

    def get_count_cap(self):
        searching = self.filterset.is_valid() and self.filterset.form.cleaned_data.get("q")
        return self.search_count_cap if searching else self.count_cap

    def base_queryset(self):
        return Company.objects.visible_to(self.request.user).with_list_relations()

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return ["companies/company_list.html#results"]
        return [self.template_name]


def _timeline_context(*, company, user, limit: int = TIMELINE_SHORT) -> dict:
    """The newest `limit` timeline entries, and whether there are earlier ones to offer."""
    timeline = company_timeline(company=company, user=user, limit=limit)
    return {"timeline": timeline[:limit], "timeline_more": len(timeline) > limit}


def _history_context(*, company, user) -> dict:
    return {"history": history_for(company)}


# (roles that see it, the area's context function, its template), in page order: each area
# reads its section in a fixed number of queries.
COMPANY_SECTIONS = [
    (STAFF_AND_EXECUTIVE, company_mou_context, "mous/includes/company_mous.html"),
    (STAFF_AND_EXECUTIVE, company_program_context, "programs/includes/company_awards.html"),
    (INTERNAL, company_compute_context, "compute/includes/company_compute.html"),
    (INTERNAL, company_mentoring_context, "mentoring/includes/company_mentoring.html"),
    (STAFF_AND_EXECUTIVE, _history_context, "includes/history.html"),
]


class CompanyDetailView(RoleRequiredMixin, RecordsAccessMixin, DetailView):
    allowed_roles = INTERNAL
    template_name = "companies/company_detail.html"
    context_object_name = "company"

    def access_subject(self, context):
        company = context["company"]
        ids = [link.person_id for link in company.contact_links.all()]
        return _("Contacts of %(company)s") % {"company": company.name}, ids

    def get_queryset(self):
        return Company.objects.visible_to(self.request.user).with_detail_relations()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The newest entries; ?timeline=all shows the long history.
        limit = TIMELINE_LONG if self.request.GET.get("timeline") == "all" else TIMELINE_SHORT
        context.update(_timeline_context(company=self.object, user=self.request.user, limit=limit))
        context["interaction_form"] = InteractionForm(
            company=self.object, contacts=self.object.contact_links.all()
        )
        # The other areas' sections, below the company's own.
        context["sections"] = []
        for roles, section_context, template in COMPANY_SECTIONS:
            if has_role(self.request.user, roles):
                context.update(section_context(company=self.object, user=self.request.user))
                context["sections"].append(template)
        return context


class CompanyCreateView(RoleRequiredMixin, ServiceFormMixin, CreateView):
    allowed_roles = STAFF_ONLY
    form_class = CompanyCreateForm
    template_name = "companies/company_form.html"

    def run_service(self, form):
        data = dict(form.cleaned_data)
        stage = data.pop("stage", "")
        effective_on = data.pop("stage_effective_on", None)
        return company_create(
            by=self.request.user, stage=stage, stage_effective_on=effective_on, **data
        )

    def success(self, company):
        self.object = company
        messages.success(self.request, _("Company %(name)s was created.") % {"name": company})
        return HttpResponseRedirect(company.get_absolute_url())


class CompanyUpdateView(RoleRequiredMixin, UpdateView):
    allowed_roles = STAFF_ONLY
    form_class = CompanyForm
    template_name = "companies/company_form.html"

    def get_queryset(self):
        return Company.objects.visible_to(self.request.user)

    def form_valid(self, form):
        messages.success(self.request, _("Company %(name)s was saved.") % {"name": form.instance})
        return super().form_valid(form)


class CompanyObjectMixin(ObjectPageMixin):
    """A page about one company, staff only unless it says otherwise."""

    object_context_name = "company"

    def object_queryset(self):
        return Company.objects.visible_to(self.request.user)


class StageChangeView(CompanyObjectMixin, ServiceFormMixin, FormView):
    form_class = StageChangeForm
    template_name = "companies/company_subform.html"
    extra_context = {"page_title": gettext_lazy("Change growth stage")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "company": self.target}

    def run_service(self, form):
        return company_change_stage(company=self.target, by=self.request.user, **form.cleaned_data)

    def success(self, change):
        messages.success(
            self.request,
            _("Growth stage changed to %(stage)s.") % {"stage": change.get_stage_display()},
        )
        return redirect(self.target)


class ContactAddView(CompanyObjectMixin, ServiceFormMixin, FormView):
    form_class = ContactForm
    template_name = "companies/company_subform.html"
    extra_context = {"page_title": gettext_lazy("Add contact")}

    def run_service(self, form):
        return contact_add(company=self.target, by=self.request.user, **form.cleaned_data)

    def success(self, link):
        record_access(self.request, AccessAction.CREATE, SubjectType.PERSON, link, [link.person_id])
        messages.success(self.request, _("Contact %(name)s was added.") % {"name": link.person})
        return redirect(self.target)


class InteractionCreateView(CompanyObjectMixin, SubmitOnceMixin, FormView):
    """Log an interaction; with htmx the timeline panel is swapped in place."""

    form_class = InteractionForm
    template_name = "companies/company_subform.html"
    extra_context = {"page_title": gettext_lazy("Log an interaction")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "company": self.target}

    def run_service(self, form):
        return interaction_log(company=self.target, by=self.request.user, **form.cleaned_data)

    def success(self, interaction):
        messages.success(self.request, _("The interaction was logged."))
        return self._after()

    def resubmitted(self, interaction):
        messages.info(self.request, RESUBMITTED)
        return self._after()

    def _after(self):
        """The timeline with a fresh form for htmx, else the company page."""
        if self.request.htmx:
            return self._panel(InteractionForm(company=self.target))
        return redirect(self.target)

    def form_invalid(self, form):
        if self.request.htmx:
            return self._panel(form)
        return super().form_invalid(form)

    def _panel(self, form):
        return render(
            self.request,
            "companies/company_detail.html#interaction-panel",
            {
                "company": self.target,
                "interaction_form": form,
                **_timeline_context(company=self.target, user=self.request.user),
            },
        )
