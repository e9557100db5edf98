# The webhook models moved to the webhooks app with their tables: this drops them from the
# badges app's state only (webhooks 0001 added them there first). The database keeps its
# tables; the content types follow the models, so admin history and permissions stay theirs.

from django.db import migrations

MODELS = ("webhookendpoint", "webhookdelivery", "webhookattempt")


def relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


class Migration(migrations.Migration):

    dependencies = [
        ('badges', '0012_markdown_html'),
        ('webhooks', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='WebhookAttempt'),
                migrations.DeleteModel(name='WebhookDelivery'),
                migrations.DeleteModel(name='WebhookEndpoint'),
            ],
        ),
        migrations.RunPython(
            lambda apps, schema_editor: relabel(apps, "badges", "webhooks"),
            lambda apps, schema_editor: relabel(apps, "webhooks", "badges"),
        ),
    ]
