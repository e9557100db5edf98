"""The roll-up by week and month issued instead of by day: the rows grow with periods and expiry
days, no more with days. The day rows are removed here; `migrate` then fills the roll-up again
from the awards (stats.apps: an empty roll-up with awards is rebuilt after migrating)."""

from django.db import migrations, models


def empty_rollup(apps, schema_editor):
    apps.get_model("stats", "AwardRollup").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(empty_rollup, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="awardrollup", name="award_rollup_key"),
        migrations.RemoveIndex(model_name="awardrollup", name="award_rollup_issuer_day"),
        migrations.RemoveIndex(model_name="awardrollup", name="award_rollup_expiry"),
        migrations.RenameField(model_name="awardrollup", old_name="day", new_name="starts_on"),
        migrations.AlterField(
            model_name="awardrollup",
            name="starts_on",
            field=models.DateField(help_text="Monday of the week, or first day of the month."),
        ),
        migrations.AddField(
            model_name="awardrollup",
            name="period",
            field=models.CharField(
                choices=[("week", "Week"), ("month", "Month")], default="month", max_length=5
            ),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="awardrollup",
            constraint=models.UniqueConstraint(
                fields=("badge_class", "period", "starts_on", "expires_on"),
                name="award_rollup_period_key",
            ),
        ),
        migrations.AddIndex(
            model_name="awardrollup",
            index=models.Index(
                fields=["issuer", "period", "expires_on"], name="award_rollup_issuer"
            ),
        ),
        migrations.AddIndex(
            model_name="awardrollup",
            index=models.Index(fields=["period", "expires_on"], name="award_rollup_expiry"),
        ),
    ]
