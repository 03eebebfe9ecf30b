"""Permission rows for the users URLs added with security events (merged by
tests/test_permissions.py)."""

ROWS = {
    "users:security_events": ("get", None, {"staff": 200}),
}
