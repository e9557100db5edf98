"""The `public` OAuth2 client (password grant), as in Badgr's documented setup."""

from django.conf import settings
from django.db import migrations


def create_public_client(apps, schema_editor):
    Application = apps.get_model("oauth2_provider", "Application")
    Application.objects.get_or_create(
        client_id=settings.LAUREL_OAUTH_PUBLIC_CLIENT_ID,
        defaults={
            "name": "Laurel public client",
            "client_type": "public",
            "authorization_grant_type": "password",
            "client_secret": "",
            "hash_client_secret": False,
            "skip_authorization": True,
            "redirect_uris": "",
        },
    )


def remove_public_client(apps, schema_editor):
    Application = apps.get_model("oauth2_provider", "Application")
    Application.objects.filter(client_id=settings.LAUREL_OAUTH_PUBLIC_CLIENT_ID).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_user_entity_id_personal_tokens"),
        ("oauth2_provider", "0022_refreshtoken_token_family_index"),
    ]

    operations = [migrations.RunPython(create_public_client, remove_public_client)]
