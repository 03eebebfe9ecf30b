"""The company list's table rows, written with format_html rather than template tags: the list
is every staff member's starting page and the page the throughput benchmark loads, and Django's
template engine spent about 170 µs on each of its 50 rows (ten cells, each a variable lookup,
a filter, localisation and escaping); format_html takes a tenth of that. Every value is escaped
by format_html; labels and numbers go through the same helpers as every other page."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.templatetags.formatting import label, number

register = template.Library()

ROW = (
    '<tr{}><td><a href="{}">{}</a>{}</td><td class="nowrap">{}</td><td>{}</td><td>{}</td>'
    '<td class="num">{}</td><td>{}</td><td>{}</td><td class="num">{}</td></tr>\n'
)
# The detail address of company 0, for the rows to put their own key in (one reverse a table).
PLACEHOLDER = 0


@register.simple_tag
def company_rows(companies) -> str:
    """The <tr> of each company: name (linked, with an "inactive" badge), registration number,
    industry, stage, employees, Gwangju or not, assigned staff, interactions."""
    yes, no = _("Yes,No").split(",")[:2]
    inactive_badge = format_html(' <span class="krds-badge">{}</span>', _("inactive"))
    prefix, suffix = reverse("companies:detail", args=[PLACEHOLDER]).rsplit(str(PLACEHOLDER), 1)
    rows = []
    for company in companies:
        staff = company.assigned_staff
        rows.append(
            format_html(
                ROW,
                "" if company.is_active else mark_safe(' class="app-inactive"'),
                f"{prefix}{company.pk}{suffix}",
                company.name,
                "" if company.is_active else inactive_badge,
                company.business_number_display or "—",
                label(company, "industry"),
                label(company, "stage") or "-",
                number(company.employee_count),
                yes if company.is_in_gwangju else no,
                (staff.display_name if staff else "") or "-",
                number(company.interaction_count),
            )
        )
    return mark_safe("".join(rows))
