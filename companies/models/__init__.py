"""Company models: the company record (company.py) and its MOUs and relocations (mou.py)."""

from companies.models.company import (
    GROWTH_STAGE_HELP,
    Company,
    CompanyContact,
    CompanyContactQuerySet,
    CompanyQuerySet,
    GrowthStage,
    Industry,
    Interaction,
    InteractionKind,
    InteractionQuerySet,
    Person,
    StageChange,
)
from companies.models.mou import (
    Mou,
    MouQuerySet,
    MouStage,
    MouStageChange,
    Region,
    Relocation,
    RelocationQuerySet,
    RelocationType,
    mou_document_path,
)
from companies.models.outcome import *  # noqa: F403

__all__ = [
    "GROWTH_STAGE_HELP",
    "Company",
    "CompanyContact",
    "CompanyContactQuerySet",
    "CompanyQuerySet",
    "GrowthStage",
    "Industry",
    "Interaction",
    "InteractionKind",
    "InteractionQuerySet",
    "Mou",
    "MouQuerySet",
    "MouStage",
    "MouStageChange",
    "Person",
    "Region",
    "Relocation",
    "RelocationQuerySet",
    "RelocationType",
    "StageChange",
    "mou_document_path",
]
