"""PostgreSQL: the weighted tsvector is computed by a trigger as rows are written, so a bulk
upsert needs no second pass (an UPDATE would rewrite every row again)."""

from django.db import migrations

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION search_document_vector() RETURNS trigger AS $$
    BEGIN
      NEW.vector :=
        setweight(to_tsvector('english'::regconfig, coalesce(NEW.name, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(NEW.keywords, '')), 'B') ||
        setweight(to_tsvector('english'::regconfig,
          coalesce(NEW.description, '') || ' ' || coalesce(NEW.extra, '')), 'C');
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER search_document_vector
    BEFORE INSERT OR UPDATE OF name, keywords, description, extra ON search_searchdocument
    FOR EACH ROW EXECUTE FUNCTION search_document_vector()
    """,
    # Rows written before the trigger existed.
    "UPDATE search_searchdocument SET name = name",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS search_document_vector ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_document_vector()",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_facet_covering_index"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
