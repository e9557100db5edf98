from django.db import migrations


class Migration(migrations.Migration):
    """OutboxMessage now belongs to the outbox app; its table stays where it is."""

    dependencies = [
        ("portal", "0007_database_cache_table"),
        ("outbox", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutboxMessage")],
            database_operations=[],
        ),
    ]
