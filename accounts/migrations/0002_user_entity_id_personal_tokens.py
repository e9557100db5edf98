import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import accounts.models


def fill_entity_ids(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(entity_id__isnull=True):
        user.entity_id = accounts.models.new_user_entity_id()
        user.save(update_fields=["entity_id"])


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("oauth2_provider", "0022_refreshtoken_token_family_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="entity_id",
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
        migrations.RunPython(fill_entity_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="entity_id",
            field=models.CharField(
                default=accounts.models.new_user_entity_id, editable=False, max_length=32, unique=True
            ),
        ),
        migrations.CreateModel(
            name="PersonalAccessToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("entity_id", models.CharField(default=accounts.models.new_user_entity_id, editable=False, max_length=32, unique=True)),
                ("name", models.CharField(max_length=100)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("access_token", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="personal", to="oauth2_provider.accesstoken")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="personal_tokens", to=settings.AUTH_USER_MODEL)),
            ],
            options={"ordering": ["-created_at", "-id"]},
        ),
    ]
