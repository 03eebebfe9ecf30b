"""Programme models: programmes and budgets, calls and applications, awards and payments."""

from programs.models.programs import *  # noqa: F403
