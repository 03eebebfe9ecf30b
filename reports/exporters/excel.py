"""Excel exports: pandas DataFrames written with xlsxwriter into memory."""

import io

import pandas as pd
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import GrowthStage, Industry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(frames: dict[str, pd.DataFrame], filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    # Text is never read as a formula or link: a company name "=HYPERLINK(...)" stays text.
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(
        buffer,
        engine="xlsxwriter",
        date_format="yyyy-mm-dd",
        datetime_format="yyyy-mm-dd hh:mm",
        engine_kwargs={"options": options},
    ) as writer:
        for sheet, frame in frames.items():
            frame.to_excel(writer, sheet_name=sheet[:31], index=False)
            worksheet = writer.sheets[sheet[:31]]
            for col, header in enumerate(frame.columns):
                worksheet.set_column(col, col, max(12, min(40, len(str(header)) * 2 + 4)))
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def companies_workbook(queryset, *, filename: str) -> HttpResponse:
    """The company list (already filtered and scoped by the caller) as one sheet."""
    rows = list(
        queryset.values(
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
            "interaction_count",
            "address",
            "website",
        )
    )
    stages, industries = dict(GrowthStage.choices), dict(Industry.choices)
    yes, no = _("Yes"), _("No")
    for row in rows:
        number = row["business_number"]
        row["business_number"] = f"{number[:3]}-{number[3:5]}-{number[5:]}"
        row["industry"] = str(industries.get(row["industry"], row["industry"]))
        row["stage"] = str(stages.get(row["stage"], row["stage"] or ""))
        row["is_in_gwangju"] = yes if row["is_in_gwangju"] else no
        row["is_active"] = yes if row["is_active"] else no
    headers = {
        "name": _("company name"),
        "business_number": _("business registration number"),
        "representative": _("representative"),
        "founded_on": _("founded on"),
        "industry": _("focus industry"),
        "stage": _("growth stage"),
        "is_in_gwangju": _("located in Gwangju"),
        "employee_count": _("employees"),
        "assigned_staff__name": _("assigned staff"),
        "is_active": _("active"),
        "interaction_count": _("interactions"),
        "address": _("address"),
        "website": _("website"),
    }
    frame = pd.DataFrame(rows, columns=list(headers)).rename(columns=headers)
    frame[headers["founded_on"]] = pd.to_datetime(frame[headers["founded_on"]]).dt.date
    sheet = _("Companies")
    stamp = timezone.localdate().isoformat()
    return _xlsx_response({sheet: frame}, filename.replace(".xlsx", f"-{stamp}.xlsx"))
