"""Staff screens for MOUs (업무협약) and relocations (기업 유치); executives may read them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView

from audit.selectors import history_for
from companies.forms import CompanyPickerField
from core.downloads import private_file_response
from core.uploads import PDF
from core.views import FilteredListMixin, ObjectPageMixin, ServiceFormMixin
from mous.filters import MouFilter, RelocationFilter
from mous.forms import MouForm, MouStageChangeForm, RelocationForm
from mous.models import Mou, MouStage, Relocation
from mous.selectors import mou_relocation_summary
from mous.services import (
    mou_change_stage,
    mou_create,
    mou_update,
    relocation_record,
    relocation_update,
)
from users.permissions import STAFF_AND_EXECUTIVE, STAFF_ONLY, RoleRequiredMixin, require_role


def _pk_param(request, name: str) -> int | None:
    """An id from the query string (?company=12), or None when absent or not a number."""
    value = request.GET.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


class MouListView(FilteredListMixin, ListView):
    filterset_class = MouFilter
    template_name = "mous/mou_list.html"
    context_object_name = "mous"

    def base_queryset(self):
        return Mou.objects.visible_to(self.request.user).with_list_relations()


class MouDetailView(RoleRequiredMixin, DetailView):
    allowed_roles = STAFF_AND_EXECUTIVE
    template_name = "mous/mou_detail.html"
    context_object_name = "mou"

    def get_queryset(self):
        return Mou.objects.visible_to(self.request.user).with_detail_relations()

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=history_for(self.object), **kwargs)


class MouSummaryView(RoleRequiredMixin, TemplateView):
    allowed_roles = STAFF_AND_EXECUTIVE
    template_name = "mous/mou_summary.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            summary=mou_relocation_summary(user=self.request.user), **kwargs
        )


def mou_document(request, pk):
    """The signed MOU as a download; only through visible_to, never a public media URL."""
    require_role(request.user, STAFF_AND_EXECUTIVE)
    mou = get_object_or_404(Mou.objects.visible_to(request.user).exclude(document=""), pk=pk)
    return private_file_response(
        mou.document,
        filename=mou.document_name or f"mou-{mou.pk}.pdf",
        content_type=PDF.content_type,
    )


class MouObjectMixin(ObjectPageMixin, ServiceFormMixin):
    """A form page about one MOU, which also names its company."""

    object_context_name = "mou"

    def object_queryset(self):
        return Mou.objects.visible_to(self.request.user).select_related("company")

    def get_context_data(self, **kwargs):
        return super().get_context_data(company=self.target.company, **kwargs)


class MouCreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    allowed_roles = STAFF_ONLY
    form_class = MouForm
    template_name = "mous/mou_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        company_id = _pk_param(self.request, "company")
        return {"company": company_id} if company_id else {}

    def run_service(self, form):
        return mou_create(by=self.request.user, **form.cleaned_data)

    def success(self, mou):
        if mou.stage == MouStage.DRAFT:
            messages.success(
                self.request,
                _(
                    "The MOU with %(company)s was saved as a draft: upload the signed document "
                    "or mark it as signed outside the system to sign it."
                )
                % {"company": mou.company},
            )
        else:
            messages.success(
                self.request, _("The MOU with %(company)s was saved.") % {"company": mou.company}
            )
        return redirect(mou)


class MouUpdateView(MouObjectMixin, FormView):
    form_class = MouForm
    template_name = "mous/mou_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "mou": self.target}

    def run_service(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "company"}
        return mou_update(mou=self.target, by=self.request.user, **data)

    def success(self, mou):
        messages.success(
            self.request, _("The MOU with %(company)s was saved.") % {"company": mou.company}
        )
        return redirect(mou)


class MouStageChangeView(MouObjectMixin, FormView):
    form_class = MouStageChangeForm
    template_name = "mous/mou_stage_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "mou": self.target}

    def run_service(self, form):
        return mou_change_stage(mou=self.target, by=self.request.user, **form.cleaned_data)

    def success(self, change):
        messages.success(
            self.request,
            _("Follow-through stage changed to %(stage)s.") % {"stage": change.get_stage_display()},
        )
        return redirect(self.target)


class RelocationListView(FilteredListMixin, ListView):
    filterset_class = RelocationFilter
    template_name = "mous/relocation_list.html"
    context_object_name = "relocations"

    def base_queryset(self):
        return Relocation.objects.visible_to(self.request.user).with_list_relations()


class RelocationCreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    allowed_roles = STAFF_ONLY
    form_class = RelocationForm
    template_name = "mous/relocation_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        """?mou=12 links the MOU and its company; ?company=12 picks the company (and lists its
        MOUs: the MOU list asks for it when the company is chosen). Either is one the company
        picker offers, or ignored."""
        companies = CompanyPickerField.offered_to(self.request.user)
        mou_id = _pk_param(self.request, "mou")
        mou = (
            Mou.objects.visible_to(self.request.user)
            .signed()
            .filter(pk=mou_id, company__in=companies)
            .first()
            if mou_id
            else None
        )
        if mou:
            return {
                "company": mou.company_id,
                "mou": mou.pk,
                "relocation_type": mou.relocation_type,
            }
        company_id = _pk_param(self.request, "company")
        company = companies.filter(pk=company_id).first() if company_id else None
        if company:
            initial = {"company": company.pk}
            if company.is_in_gwangju:
                initial["gwangju_address"] = company.address
            return initial
        return {}

    def run_service(self, form):
        return relocation_record(by=self.request.user, **form.cleaned_data)

    def success(self, relocation):
        messages.success(
            self.request,
            _("The relocation of %(company)s was recorded.") % {"company": relocation.company},
        )
        return redirect(relocation.mou or relocation.company)


class RelocationUpdateView(ObjectPageMixin, ServiceFormMixin, FormView):
    form_class = RelocationForm
    template_name = "mous/relocation_form.html"
    object_context_name = "relocation"

    def object_queryset(self):
        return Relocation.objects.visible_to(self.request.user).select_related("company", "mou")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "relocation": self.target}

    def get_context_data(self, **kwargs):
        return super().get_context_data(company=self.target.company, **kwargs)

    def run_service(self, form):
        return relocation_update(relocation=self.target, by=self.request.user, **form.cleaned_data)

    def success(self, relocation):
        messages.success(
            self.request,
            _("The relocation of %(company)s was saved.") % {"company": relocation.company},
        )
        return redirect(relocation.mou or relocation.company)
