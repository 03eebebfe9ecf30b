"""Factories for the KPI tests: supported companies with their history."""

from datetime import date

from tests.factories import CompanyFactory, StageChangeFactory
from tests.programs.factories import SupportAwardFactory


def supported_company(
    *,
    awarded_on: date = date(2022, 4, 15),
    amount_krw: int = 10_000_000,
    stage: str | None = None,
    stage_on: date = date(2020, 1, 1),
    award: dict | None = None,
    **company,
):
    """A company with one counting award (and a stage change, if `stage` is given)."""
    firm = CompanyFactory(**company)
    if stage:
        StageChangeFactory(company=firm, stage=stage, effective_on=stage_on)
    SupportAwardFactory(company=firm, awarded_on=awarded_on, amount_krw=amount_krw, **(award or {}))
    return firm
