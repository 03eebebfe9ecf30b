"""Reads about mentoring."""


def company_mentoring_context(*, company, user) -> dict:
    """What the staff company page shows about mentoring (fixed query count)."""
    return {}


def portal_mentoring_context(*, company) -> dict:
    """What the firm portal home shows: its sessions without the mentor's private notes."""
    return {}
