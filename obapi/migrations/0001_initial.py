# Written by hand: the autodetector cannot name django-oauth-toolkit's swappable Application
# without an OAUTH2_PROVIDER_APPLICATION_MODEL setting (as accounts' 0002 does for tokens).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("oauth2_provider", "0022_refreshtoken_token_family_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegisteredClient",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("api", models.CharField(choices=[("ob3", "Open Badges 3.0"), ("bc21", "Badge Connect 2.1")], max_length=8)),
                ("client_uri", models.URLField(max_length=500)),
                ("logo_uri", models.URLField(blank=True, max_length=500)),
                ("tos_uri", models.URLField(blank=True, max_length=500)),
                ("policy_uri", models.URLField(blank=True, max_length=500)),
                ("software_id", models.CharField(blank=True, max_length=200)),
                ("software_version", models.CharField(blank=True, max_length=100)),
                ("scope", models.TextField()),
                ("disabled", models.BooleanField(default=False, help_text="A disabled client's tokens stop working and it gets no new ones.")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("application", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="ob_registration", to="oauth2_provider.application")),
            ],
            options={"ordering": ["-created_at", "-id"]},
        ),
    ]
