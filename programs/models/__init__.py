"""Programme models, one module per area: programmes and awards, compute, equipment."""

from programs.models.compute import *  # noqa: F403
from programs.models.equipment import *  # noqa: F403
from programs.models.programme import *  # noqa: F403
from programs.models.training import *  # noqa: F403
