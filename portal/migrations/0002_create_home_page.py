"""Replace Wagtail's placeholder welcome page with Laurel's home page as the default site root."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("portal.HomePage")

    # Wagtail's own migration creates a page at /home/ that nothing else uses.
    Page.objects.filter(depth=2, url_path="/home/", content_type__model="page").delete()
    if HomePage.objects.exists():
        return

    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="portal")
    locale = Locale.objects.order_by("pk").first()
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Laurel",
        draft_title="Laurel",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        hero_heading="Find, earn and share Open Badges",
        intro="<p>Browse badges from trusted issuers, earn them with evidence, "
        "and keep them in a backpack you control.</p>",
    )
    Page.objects.filter(pk=root.pk).update(numchild=1)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Laurel"},
    )


def remove_home_page(apps, schema_editor):
    apps.get_model("portal.HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
