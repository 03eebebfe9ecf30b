"""Reads about compute allocations and equipment bookings."""


def company_compute_context(*, company, user) -> dict:
    """What the staff company page shows about compute allocations and bookings."""
    return {}


def portal_compute_context(*, company) -> dict:
    """What the firm portal home shows about the firm's own allocations and bookings."""
    return {}
