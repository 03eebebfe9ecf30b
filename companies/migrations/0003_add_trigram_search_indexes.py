"""On PostgreSQL, trigram indexes (pg_trgm) let a substring search of company names (Hangul
included) and registration numbers use an index instead of reading the whole table. SQLite has
no such index; its search stays correct, only slower on large data."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Django's icontains is UPPER(name) LIKE UPPER(%s): the index is on that expression.
    "CREATE INDEX IF NOT EXISTS companies_company_name_trgm "
    "ON companies_company USING gin (UPPER(name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS companies_company_number_trgm "
    "ON companies_company USING gin (business_number gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS companies_company_name_trgm",
    "DROP INDEX IF EXISTS companies_company_number_trgm",
]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def create(apps, schema_editor):
    _run(schema_editor, CREATE)


def drop(apps, schema_editor):
    _run(schema_editor, DROP)


class Migration(migrations.Migration):
    dependencies = [("companies", "0002_initial")]

    operations = [migrations.RunPython(create, drop)]
