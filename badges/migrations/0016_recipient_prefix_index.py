from django.db import migrations

# Recipient search asks for addresses that start with the words typed
# (`recipient_identity__istartswith`), which PostgreSQL writes as
# UPPER("recipient_identity"::text) LIKE UPPER('...%'): a btree on that expression with
# text_pattern_ops answers it by a range of the index in any collation. It replaces the
# trigram index of 0015, whose common trigrams (a shared domain, a shared word) made a
# search read tens of thousands of index pages at 10 million awards.
PREFIX_INDEX = "assertion_recipient_prefix_idx"
TRIGRAM_INDEX = "assertion_recipient_trgm_idx"


def prefix_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: the search scans
    schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {PREFIX_INDEX} ON badges_assertion "
        "(UPPER(recipient_identity::text) text_pattern_ops)"
    )


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {PREFIX_INDEX}")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON badges_assertion "
        "USING gin (UPPER(recipient_identity) gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [("badges", "0015_list_indexes")]

    operations = [migrations.RunPython(prefix_index, trigram_index)]
