"""Reads about programmes, calls and awards."""


def company_programme_context(*, company, user) -> dict:
    """What the staff company page shows about the company's awards (fixed query count)."""
    return {}


def portal_programme_context(*, company) -> dict:
    """What the firm portal home shows about the firm's own awards."""
    return {}
