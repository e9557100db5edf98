import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """The outbox's model moves here from the portal app; its table stays (portal 0003 made it)."""

    initial = True

    dependencies = [
        ("portal", "0003_outboxmessage"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutboxMessage",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("topic", models.CharField(db_index=True, max_length=100)),
                        ("payload", models.JSONField(default=dict)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("available_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ("delivered_at", models.DateTimeField(blank=True, db_index=True, null=True)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("last_error", models.TextField(blank=True)),
                    ],
                    options={
                        "db_table": "portal_outboxmessage",
                        "ordering": ["id"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
