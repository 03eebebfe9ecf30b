"""Writes about programmes, calls, applications, selection, awards and disbursements, one
module per area; the names are imported from here."""

from programs.services.awards import (  # noqa: F401
    award_change_status,
    award_create,
    award_disburse,
    award_plan_instalment,
)
from programs.services.calls import (  # noqa: F401
    application_create,
    application_decide,
    evaluation_record,
)
from programs.services.programs import (  # noqa: F401
    program_create,
    program_set_budget,
)
