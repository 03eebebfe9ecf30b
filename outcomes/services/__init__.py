"""Writes of firm outcome reports: figures, patents, evidence and the review state machine, and
of reporting periods and their reminders; one module per area. The names are imported from here."""

from outcomes.services.evidence import (  # noqa: F401
    evidence_add,
    evidence_missing,
    evidence_remove,
)
from outcomes.services.patents import (  # noqa: F401
    normalize_application_number,
    patent_add,
    patent_remove,
)
from outcomes.services.periods import (  # noqa: F401
    outcome_send_reminders,
    reporting_period_create,
    reporting_periods_announce,
)
from outcomes.services.reports import (  # noqa: F401
    outcome_report_save,
    outcome_report_submit,
)
from outcomes.services.review import (  # noqa: F401
    outcome_report_accept,
    outcome_report_reopen,
    outcome_report_request_changes,
)
