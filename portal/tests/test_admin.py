"""Editors' tools in the Wagtail admin: the read-only Badges menu, the badge chooser, settings."""

import pytest
from django.contrib.auth.models import Group

from accounts.tests.factories import UserFactory
from badges.models import BadgeClass
from badges.tests.factories import make_badge, make_issuer
from portal.demo import badge_step
from portal.models import SiteSettings

pytestmark = pytest.mark.django_db

BADGES_URL = "/admin/snippets/badges/badgeclass/"
CHOOSER_URL = "/admin/snippets/choose/badges/badgeclass/"


@pytest.fixture
def editor(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def test_editors_see_badges_in_a_menu_but_cannot_add_change_or_delete_them(client, editor, issuer):
    badge = make_badge(issuer, name="Python Basics")
    menu = client.get("/admin/").content.decode()  # the sidebar is drawn from JSON props
    assert '"label": "Badges", "icon_name": "tag"' in menu and f'"url": "{BADGES_URL}"' in menu
    listing = client.get(BADGES_URL)
    assert listing.status_code == 200 and "Python Basics" in listing.content.decode()
    inspect = client.get(f"{BADGES_URL}inspect/{badge.pk}/")
    assert inspect.status_code == 200 and "Writes and tests Python" in inspect.content.decode()
    for url in (
        f"{BADGES_URL}add/",
        f"{BADGES_URL}edit/{badge.pk}/",
        f"{BADGES_URL}delete/{badge.pk}/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert response.status_code == 403 or response.url == "/admin/"
    assert client.post(f"{BADGES_URL}delete/{badge.pk}/").status_code in (302, 403)
    assert BadgeClass.objects.filter(pk=badge.pk).exists()


def test_even_site_operators_edit_badges_in_the_issuer_tools_not_the_cms(client, issuer):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(f"{BADGES_URL}add/").status_code in (302, 403)


def test_the_chooser_searches_by_name_and_filters_by_issuer_with_image_previews(
    client, editor, issuer
):
    other = make_issuer(name="Other Academy")
    python = make_badge(issuer, name="Python Basics")
    make_badge(issuer, name="SQL Fundamentals")
    make_badge(other, name="Python for Other People")
    html = client.get(CHOOSER_URL).json()["html"]
    assert 'name="issuer"' in html and "Other Academy" in html
    assert f'src="/public/badges/{python.entity_id}/image"' in html

    results = client.get(f"{CHOOSER_URL}results/", {"q": "python"}).content.decode()
    assert "Python Basics" in results and "Python for Other People" in results
    assert "SQL Fundamentals" not in results
    results = client.get(f"{CHOOSER_URL}results/", {"q": "python", "issuer": other.pk})
    assert "Python for Other People" in results.content.decode()
    assert "Python Basics" not in results.content.decode()

    chosen = client.get(f"{CHOOSER_URL}chosen/{python.pk}/").json()
    assert chosen["result"]["string"] == "Python Basics"


def test_the_chooser_finds_the_badges_a_word_being_typed_starts_whole_words_first(
    client, editor, issuer
):
    make_badge(issuer, name="Database Design")
    make_badge(issuer, name="Data Basics")
    make_badge(issuer, name="Dashboards", tags=["data"], is_public=False)
    make_badge(issuer, name="Design Thinking")

    def names(query: str) -> list[str]:
        html = client.get(f"{CHOOSER_URL}results/", {"q": query}).content.decode()
        listed = ["Database Design", "Data Basics", "Dashboards", "Design Thinking"]
        return sorted((name for name in listed if name in html), key=html.index)

    # Badges holding "data" whole (in the name or a tag; private ones too) come first.
    assert names("data") == ["Dashboards", "Data Basics", "Database Design"]
    assert names("dat") == ["Dashboards", "Data Basics", "Database Design"]
    assert names("design datab") == ["Database Design"]
    assert names("datab design") == ["Database Design"]
    # An earlier word that finds badges whole is not taken as the start of a longer word.
    assert names("data design") == []
    assert names("thinking des") == ["Design Thinking"]


def test_site_settings_change_the_name_colours_and_footer_of_every_page(client, home):
    settings = SiteSettings.for_site(home.get_site())
    settings.site_name = "Open Skills Portal"
    settings.accent_colour = "#0b4f8a"
    settings.footer_links = [
        {"type": "link", "value": {"label": "Privacy", "page": None, "url": "https://x.org/p"}}
    ]
    settings.social_links = [
        {"type": "link", "value": {"platform": "linkedin", "url": "https://linkedin.com/x"}}
    ]
    settings.save()
    html = client.get("/").content.decode()
    assert '<a class="brand" href="/">Open Skills Portal</a>' in html
    assert "--accent: #0b4f8a;" in html
    assert '<a href="https://x.org/p">Privacy</a>' in html
    assert ">LinkedIn</a>" in html


def test_a_colour_that_is_not_a_hex_code_is_refused(home):
    from django.core.exceptions import ValidationError

    settings = SiteSettings.for_site(home.get_site())
    settings.accent_colour = "red; background: url(x)"
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert "six hex digits" in error.value.message_dict["accent_colour"][0]


def test_wagtails_admin_search_finds_pathways_by_their_intro(client, make_pathway, badges):
    make_pathway([badge_step(badges[0])], title="Analyst route", intro="<p>Spreadsheets</p>")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/pages/search/results/", {"q": "spreadsheets"})
    assert "Analyst route" in response.content.decode()


def test_an_editor_previews_a_pathway_before_publishing_it(make_pathway, badges):
    page = make_pathway([badge_step(badges[0])], title="Preview me")
    page.title = "Preview me, edited"
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "<h1>Preview me, edited</h1>" in response.content.decode()


def test_only_people_who_may_use_the_admin_may_view_badges_there(editor):
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(BadgeClass)
    learner = UserFactory()
    assert list(policy.users_with_any_permission({"view"})) == [editor]
    assert not policy.user_has_permission(learner, "view")
    assert not policy.user_has_any_permission(editor, {"add", "change", "delete"})


def test_the_public_site_name_starts_as_laurel_site_name(client, settings):
    settings.WAGTAIL_SITE_NAME = "Skills Wallet"
    assert '<a class="brand" href="/">Skills Wallet</a>' in client.get("/").content.decode()
