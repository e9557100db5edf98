"""Tokens at rest become checksums only: the plaintext column of every stored token is cleared.

The toolkit already keeps a SHA-256 checksum of each token (its migrations 0012 and 0015
filled it for older rows) and looks tokens up by it, so live tokens keep working; only the
readable copy goes. There is no way back: the reverse migration leaves the column empty.
"""

import hashlib

from django.db import migrations

BATCH = 5000


def clear_plaintext_tokens(apps, schema_editor):
    db = schema_editor.connection.alias
    for model in ("AccessToken", "RefreshToken"):
        Token = apps.get_model("oauth2_provider", model)
        stored = Token._default_manager.using(db).exclude(token="")
        # The checksum must be there before the only other copy of the value goes.
        for token in stored.filter(token_checksum=""):
            token.token_checksum = hashlib.sha256(token.token.encode("utf-8")).hexdigest()
            token.save(update_fields=["token_checksum"])
        while ids := list(stored.values_list("pk", flat=True)[:BATCH]):
            Token._default_manager.using(db).filter(pk__in=ids).update(token="")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_public_oauth_client"),
        ("oauth2_provider", "0022_refreshtoken_token_family_index"),
    ]

    operations = [migrations.RunPython(clear_plaintext_tokens, migrations.RunPython.noop)]
