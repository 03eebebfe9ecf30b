"""Downloads of the company list and of the companies' contacts, with the list's filters; both
hold personal data, so each asks for a purpose and a recent password (core.views)."""

from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.exports import (
    COMPANY_COLUMNS,
    COMPANY_COLUMNS_BY_PURPOSE,
    CONTACT_COLUMNS,
    CONTACT_COLUMNS_BY_PURPOSE,
    company_table,
    contact_table,
)
from companies.filters import CompanyFilter
from companies.models import Company, CompanyContact
from core.exports import ExportFile
from core.views import PersonalDataExportView
from users.permissions import STAFF_AND_EXECUTIVE, STAFF_ONLY


def _filtered(request, data, base):
    """`base` narrowed by the company list's filters in `data`; nothing if they are invalid."""
    filterset = CompanyFilter(data, queryset=base, request=request)
    return filterset.qs if filterset.is_valid() else base.none()


class CompanyExportView(PersonalDataExportView):
    allowed_roles = STAFF_AND_EXECUTIVE
    title = gettext_lazy("Download the company list")
    columns = COMPANY_COLUMNS
    columns_by_purpose = COMPANY_COLUMNS_BY_PURPOSE
    carried_params = tuple(CompanyFilter.base_filters)
    back_url = reverse_lazy("companies:list")
    back_label = gettext_lazy("Companies")

    def build_export(self, *, data, purpose: str, fmt: str) -> ExportFile:
        # pandas loads with the first download, not with every process.
        from reports.exporters.tables import table_export

        base = Company.objects.visible_to(self.request.user).with_list_relations()
        queryset = _filtered(self.request, data, base)
        return table_export(
            company_table(queryset=queryset, purpose=purpose),
            sheet=_("Companies"),
            filename_stem=f"companies-{purpose}-{timezone.localdate().isoformat()}",
            fmt=fmt,
            purpose=purpose,
        )


class ContactExportView(PersonalDataExportView):
    allowed_roles = STAFF_ONLY
    title = gettext_lazy("Download the contacts of the companies")
    columns = CONTACT_COLUMNS
    columns_by_purpose = CONTACT_COLUMNS_BY_PURPOSE
    carried_params = tuple(CompanyFilter.base_filters)
    back_url = reverse_lazy("companies:list")
    back_label = gettext_lazy("Companies")

    def build_export(self, *, data, purpose: str, fmt: str) -> ExportFile:
        # pandas loads with the first download, not with every process.
        from reports.exporters.tables import table_export

        user = self.request.user
        companies = _filtered(self.request, data, Company.objects.visible_to(user))
        contacts = CompanyContact.objects.visible_to(user).filter(
            company__in=companies.values("pk")
        )
        return table_export(
            contact_table(contacts=contacts, purpose=purpose),
            sheet=_("Contacts"),
            filename_stem=f"contacts-{purpose}-{timezone.localdate().isoformat()}",
            fmt=fmt,
            purpose=purpose,
        )
