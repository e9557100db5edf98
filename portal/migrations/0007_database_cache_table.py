"""The table of the default cache without Redis (django.core.cache.backends.db): made here so
that `migrate` (and so `make demo` and the tests) leaves nothing to run by hand. Made even when
Redis is configured, so turning Redis off later needs no step either."""

from django.conf import settings
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Does nothing when the table exists (createcachetable's own check).
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(
        schema_editor.connection.alias, settings.LAUREL_CACHE_TABLE, dry_run=False
    )


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0006_site_name_from_settings"),
    ]

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False),
    ]
