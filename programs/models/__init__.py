"""Programme models, one module per area: programmes, calls and applications, awards."""

from programs.models.awards import (
    AwardInstalment,
    AwardStatus,
    Disbursement,
    SupportAward,
    SupportAwardQuerySet,
)
from programs.models.calls import (
    Application,
    ApplicationQuerySet,
    Call,
    CallQuerySet,
    Decision,
    Evaluation,
)
from programs.models.programs import (
    Program,
    ProgramBudget,
    ProgramQuerySet,
    SupportType,
    validate_stage_list,
)

__all__ = [
    "Application",
    "ApplicationQuerySet",
    "AwardInstalment",
    "AwardStatus",
    "Call",
    "CallQuerySet",
    "Decision",
    "Disbursement",
    "Evaluation",
    "Program",
    "ProgramBudget",
    "ProgramQuerySet",
    "SupportAward",
    "SupportAwardQuerySet",
    "SupportType",
    "validate_stage_list",
]
