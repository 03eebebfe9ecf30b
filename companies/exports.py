"""The company list and the contact list as exports: both hold personal data (the representative,
the assigned staff member, contact persons), so each purpose gets only the columns it needs."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.models import GrowthStage, Industry
from core.exports import ExportPurpose, Table

P = ExportPurpose

COMPANY_COLUMNS = {
    "name": gettext_lazy("company name"),
    "business_number": gettext_lazy("business registration number"),
    "representative": gettext_lazy("representative"),
    "founded_on": gettext_lazy("founded on"),
    "industry": gettext_lazy("focus industry"),
    "stage": gettext_lazy("growth stage"),
    "is_in_gwangju": gettext_lazy("located in Gwangju"),
    "employee_count": gettext_lazy("employees"),
    "assigned_staff__name": gettext_lazy("assigned staff"),
    "is_active": gettext_lazy("active"),
    "interaction_count": gettext_lazy("interactions"),
    "address": gettext_lazy("address"),
    "website": gettext_lazy("website"),
}
# Personal data here: the representative's name and the assigned staff member's name.
COMPANY_COLUMNS_BY_PURPOSE = {
    # Day-to-day follow-up: the whole record, as the list screen shows it.
    P.MANAGEMENT: tuple(COMPANY_COLUMNS),
    # Figures for the ministry and the city: about firms, not people.
    P.REPORTING: (
        "name",
        "business_number",
        "founded_on",
        "industry",
        "stage",
        "is_in_gwangju",
        "employee_count",
        "is_active",
    ),
    # Invitations go to firms' addresses; the contact list has the people.
    P.EVENT_NOTICE: ("name", "industry", "stage", "is_in_gwangju", "address", "website"),
    # Auditors check who the firm is (its representative) and who handled it.
    P.AUDIT: (
        "name",
        "business_number",
        "representative",
        "founded_on",
        "industry",
        "stage",
        "is_in_gwangju",
        "employee_count",
        "assigned_staff__name",
        "is_active",
    ),
}

CONTACT_COLUMNS = {
    "company__name": gettext_lazy("company name"),
    "company__business_number": gettext_lazy("business registration number"),
    "person__name": gettext_lazy("name"),
    "title": gettext_lazy("role or title"),
    "is_primary": gettext_lazy("main contact"),
    "person__email": gettext_lazy("e-mail address"),
    "person__phone": gettext_lazy("phone"),
}
# E-mail addresses and phone numbers only where somebody is to be contacted.
CONTACT_COLUMNS_BY_PURPOSE = {
    P.MANAGEMENT: (
        "company__name",
        "company__business_number",
        "person__name",
        "title",
        "is_primary",
    ),
    P.EVENT_NOTICE: ("company__name", "person__name", "title", "person__email", "person__phone"),
    P.AUDIT: ("company__name", "company__business_number", "person__name", "title", "is_primary"),
}


def _hyphenated(number: str) -> str:
    return f"{number[:3]}-{number[3:5]}-{number[5:]}" if number else ""


def company_table(*, queryset, purpose: str) -> Table:
    """The companies of `queryset` (scoped and filtered by the caller, with_list_relations) with
    the columns of `purpose`, in the queryset's order."""
    keys = COMPANY_COLUMNS_BY_PURPOSE[purpose]
    stages, industries = dict(GrowthStage.choices), dict(Industry.choices)
    yes, no = _("Yes"), _("No")
    rows = []
    for row in queryset.values(*keys):
        if "business_number" in row:
            row["business_number"] = _hyphenated(row["business_number"])
        if "industry" in row:
            row["industry"] = str(industries.get(row["industry"], row["industry"]))
        if "stage" in row:
            row["stage"] = str(stages.get(row["stage"], row["stage"])) if row["stage"] else None
        for flag in ("is_in_gwangju", "is_active"):
            if flag in row:
                row[flag] = yes if row[flag] else no
        rows.append([row[key] if row[key] != "" else None for key in keys])
    return Table(headers=[str(COMPANY_COLUMNS[key]) for key in keys], rows=rows)


def contact_table(*, contacts, purpose: str) -> Table:
    """The company contacts of `contacts` (scoped and filtered by the caller) with the columns of
    `purpose`, ordered by company, main contact first, then name."""
    keys = CONTACT_COLUMNS_BY_PURPOSE[purpose]
    contacts = contacts.order_by(
        "company__name", "company_id", "-is_primary", "person__name", "pk"
    ).values(*keys)
    yes, no = _("Yes"), _("No")
    rows = []
    for row in contacts:
        if "company__business_number" in row:
            row["company__business_number"] = _hyphenated(row["company__business_number"])
        if "is_primary" in row:
            row["is_primary"] = yes if row["is_primary"] else no
        rows.append([row[key] if row[key] != "" else None for key in keys])
    return Table(headers=[str(CONTACT_COLUMNS[key]) for key in keys], rows=rows)
