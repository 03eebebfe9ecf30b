"""AI data-centre compute: capacity per period, allocations to projects, usage and reclaims.

PF (petaflops) are Decimals with two places; GPU-hours are Decimals with two places (usage
files report fractions of an hour). An allocation's effective amount is what it was given minus
what was reclaimed; the reclaim rows keep who took back how much and why.
"""

from compute.models.allocations import (
    ComputeAllocation,
    ComputeDateChange,
    ComputeReclaim,
)
from compute.models.capacity import HOURS_DIGITS, PF_DIGITS, ZERO, ComputeCapacity
from compute.models.usage import ComputeUsage, ComputeUsageImport

__all__ = [
    "HOURS_DIGITS",
    "PF_DIGITS",
    "ZERO",
    "ComputeAllocation",
    "ComputeCapacity",
    "ComputeDateChange",
    "ComputeReclaim",
    "ComputeUsage",
    "ComputeUsageImport",
]
