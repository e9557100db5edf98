from django.db import migrations

# The languages pages may be translated into (WAGTAIL_CONTENT_LANGUAGES). The default
# language's locale is Wagtail's own first migration's; more can be added in the admin.
LANGUAGES = ["fr", "de", "es", "nl"]


def add_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0008_outboxmessage_moved_to_outbox"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_locales, migrations.RunPython.noop)]
