"""On PostgreSQL the database itself refuses to change an access record, or to delete one
younger than its retention (two years; three for role changes). Tampering that gets past
this (a superuser disabling the trigger) still breaks the hash chain."""

from django.db import migrations

PROTECT = [
    """
CREATE OR REPLACE FUNCTION audit_accessrecord_protect() RETURNS trigger AS $$
DECLARE
    kept interval := interval '2 years';
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'access records are append-only';
    END IF;
    IF OLD.action = 'role_change' THEN
        kept := interval '3 years';
    END IF;
    IF OLD.at > now() - kept THEN
        RAISE EXCEPTION 'access records are kept for at least two years (three for role changes)';
    END IF;
    RETURN OLD;
END
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER audit_accessrecord_protect
    BEFORE UPDATE OR DELETE ON audit_accessrecord
    FOR EACH ROW EXECUTE FUNCTION audit_accessrecord_protect()
""",
]

UNPROTECT = [
    "DROP TRIGGER IF EXISTS audit_accessrecord_protect ON audit_accessrecord",
    "DROP FUNCTION IF EXISTS audit_accessrecord_protect()",
]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor != "postgresql":
        return
    # A plain cursor: the function body holds $$ quoting and semicolons.
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def protect(apps, schema_editor):
    _run(schema_editor, PROTECT)


def unprotect(apps, schema_editor):
    _run(schema_editor, UNPROTECT)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]

    operations = [migrations.RunPython(protect, unprotect)]
