"""Writes about programmes and their yearly budgets."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from programs.models import (
    Program,
    ProgramBudget,
)

# --- programmes and budgets -----------------------------------------------------------------


@transaction.atomic
def program_set_budget(*, program: Program, year: int, amount_krw: int) -> ProgramBudget:
    """Set the programme's budget line for `year` (creates it or replaces the figure)."""
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("The year must be between 2000 and 2100.")}, code="year")
    budget, _created = ProgramBudget.objects.update_or_create(
        program=program, year=year, defaults={"amount_krw": amount_krw}
    )
    return budget


@transaction.atomic
def program_create(
    *,
    name: str,
    support_type: str,
    description: str = "",
    follow_up_years: int = 5,
    budget_year: int | None = None,
    budget_krw: int | None = None,
) -> Program:
    """Create a programme and, when given, its first year's budget."""
    if (budget_year is None) != (budget_krw is None):
        raise ValidationError(
            {"budget_krw": _("Give both the budget year and the amount, or neither.")},
            code="budget",
        )
    program = Program(
        name=name,
        support_type=support_type,
        description=description,
        follow_up_years=follow_up_years,
    )
    program.full_clean()
    program.save()
    if budget_year is not None:
        program_set_budget(program=program, year=budget_year, amount_krw=budget_krw)
    return program
