"""Patents listed in outcome reports: each application number once, ever."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from outcomes.models import (
    OutcomeReport,
    Patent,
    PatentStatus,
)
from outcomes.services.reports import _require_editable
from users.models import User


def normalize_application_number(value: str) -> str:
    """Digits only: 10-2021-0123456 and 1020210123456 are the same application."""
    return re.sub(r"\D", "", value or "")


@transaction.atomic
def patent_add(
    *,
    report: OutcomeReport,
    by: User,
    application_number: str,
    applied_on,
    title: str,
    status: str = PatentStatus.FILED,
    registration_number: str = "",
    registered_on=None,
) -> Patent:
    """List a patent in a report; an application number recorded anywhere before is refused."""
    _require_editable(report, "patents")
    number = normalize_application_number(application_number)
    if not 8 <= len(number) <= 20:
        raise ValidationError(
            {"application_number": _("An application number has 8 to 20 digits.")}
        )
    existing = (
        Patent.objects.select_related("company", "report__period")
        .filter(application_number=number)
        .first()
    )
    if existing:
        raise ValidationError(
            {
                "application_number": _(
                    "Patent application %(number)s is already recorded for %(company)s "
                    "in the %(period)s report."
                )
                % {
                    "number": existing.application_number_display,
                    "company": existing.company.name,
                    "period": existing.report.period,
                }
            },
            code="duplicate",
        )
    patent = Patent(
        company=report.company,
        report=report,
        application_number=number,
        applied_on=applied_on,
        title=title,
        status=status,
        registration_number=normalize_application_number(registration_number),
        registered_on=registered_on,
    )
    patent.full_clean()
    try:
        # A concurrent entry of the same number passes the check above; the constraint stops it.
        with transaction.atomic():
            patent.save()
    except IntegrityError as error:
        raise ValidationError(
            {"application_number": _("This patent application number is recorded already.")}
        ) from error
    return patent


@transaction.atomic
def patent_remove(*, patent: Patent, by: User) -> None:
    """Take a patent off a report while the report's patents are open for changes."""
    _require_editable(patent.report, "patents")
    patent.delete()
