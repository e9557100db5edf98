"""PostgreSQL: indexes in the exact order of the browse sorts (no words typed), so the first
page of "newest" or "best match" walks the index instead of sorting every matching row.

"newest" sorts created_at DESC NULLS LAST, which the (kind, created_at) index cannot serve
backwards, and SQLite cannot declare NULLS LAST in an index (nor does it need this).
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS search_doc_newest ON search_searchdocument "
    "(kind, created_at DESC NULLS LAST, doc_id)",
    "CREATE INDEX IF NOT EXISTS search_doc_popular ON search_searchdocument "
    "(kind, popularity DESC, doc_id)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_newest",
    "DROP INDEX IF EXISTS search_doc_popular",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_vector_trigger"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
