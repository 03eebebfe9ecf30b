"""Demonstration centres, equipment types and bookings."""

__all__: list[str] = []
