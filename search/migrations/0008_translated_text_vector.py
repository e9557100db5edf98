"""PostgreSQL: a document's translations (the fields translated_fr, translated_de, ...) join its
tsvector with their own language's configuration, weighted like keywords, so a French word
is stemmed as French; the queries read the words in each configuration
(database_queries.pg_search_query). No document has translations before this migration (badge
translations arrive with it), so no row needs its vector again."""

from django.db import migrations

# (field, configuration) of each translation language; English text is in `extra` already.
LANGUAGES = (
    ("translated_fr", "french"),
    ("translated_de", "german"),
    ("translated_es", "spanish"),
    ("translated_nl", "dutch"),
)
TRANSLATED = "".join(
    f" ||\n        setweight(to_tsvector('{config}'::regconfig,"
    f" coalesce(NEW.fields->>'{field}', '')), 'B')"
    for field, config in LANGUAGES
)


def _function(translated: str) -> str:
    return f"""
    CREATE OR REPLACE FUNCTION search_document_vector() RETURNS trigger AS $$
    BEGIN
      NEW.vector :=
        setweight(to_tsvector('english'::regconfig, coalesce(NEW.name, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(NEW.keywords, '')), 'B') ||
        setweight(to_tsvector('english'::regconfig,
          coalesce(NEW.description, '') || ' ' || coalesce(NEW.extra, '')), 'C'){translated};
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_language_facet_values"),
    ]

    operations = [
        migrations.RunPython(_run([_function(TRANSLATED)]), _run([_function("")]))
    ]
