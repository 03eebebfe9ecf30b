"""Writes about AI data-centre compute: allocations within capacity, usage imports, reclaims;
one module per area. The names are imported from here."""

from compute.services.allocations import (  # noqa: F401
    CENT,
    allocation_change_dates,
    allocation_create,
)
from compute.services.reclaims import (  # noqa: F401
    ReclaimPlan,
    allocation_reclaim,
    allocation_used_gpu_hours,
    reclaim_plan,
)
from compute.services.usage import (  # noqa: F401
    HOURS_PATTERN,
    MAX_HOURS,
    USAGE_COLUMNS,
    USAGE_HEADERS,
    USAGE_LABELS,
    UsageImportResult,
    UsageRow,
    usage_import,
    usage_validate,
)
