"""AI data-centre compute: capacity, allocations, usage."""

__all__: list[str] = []
