"""Mentoring views, one module per area."""
