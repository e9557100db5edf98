"""An "all time" row per badge class beside the weeks and months. The roll-up is emptied here and
`migrate` fills it again from the awards, with those rows (stats.apps)."""

from django.db import migrations, models


def empty_rollup(apps, schema_editor):
    apps.get_model("stats", "AwardRollup").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0003_rollup_badge_class_unindexed"),
    ]

    operations = [
        migrations.AlterField(
            model_name="awardrollup",
            name="period",
            field=models.CharField(
                choices=[("week", "Week"), ("month", "Month"), ("all", "All time")],
                max_length=5,
            ),
        ),
        migrations.RunPython(empty_rollup, migrations.RunPython.noop),
    ]
