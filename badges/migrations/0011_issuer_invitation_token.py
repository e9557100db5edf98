"""Invitations are accepted by a link: each gets its own random token (also those waiting)."""

import secrets

from django.db import migrations, models

import badges.models


def give_tokens(apps, schema_editor):
    IssuerInvitation = apps.get_model("badges", "IssuerInvitation")
    for invitation in IssuerInvitation.objects.filter(token__isnull=True):
        invitation.token = secrets.token_urlsafe(32)
        invitation.save(update_fields=["token"])


class Migration(migrations.Migration):

    dependencies = [
        ("badges", "0010_applications"),
    ]

    operations = [
        migrations.AddField(
            model_name="issuerinvitation",
            name="token",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(give_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="issuerinvitation",
            name="token",
            field=models.CharField(
                default=badges.models.new_invitation_token, max_length=64, unique=True
            ),
        ),
    ]
