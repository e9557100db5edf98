"""The badge page's other languages: an editor adds, corrects and removes the French version of
a badge from the workspace, and sees which versions are out of date."""

import pytest
from django.urls import reverse

from badges.services.badge_classes import badge_class_update

pytestmark = pytest.mark.django_db


def page(s, language="fr"):
    return reverse(
        "workspace:badge-translation", args=[s.issuer.entity_id, s.badge.entity_id, language]
    )


def edit_page(s):
    return reverse("workspace:badge-edit", args=[s.issuer.entity_id, s.badge.entity_id])


FRENCH = {
    "name": "Survie en mer",
    "description": "Sait survivre en mer.",
    "criteria_narrative": "Réussir le test **en piscine**.",
}


def test_the_badge_page_lists_the_sites_other_languages_to_translate_into(client, staffed):
    client.force_login(staffed.editor)
    html = client.get(edit_page(staffed)).content.decode()
    assert "Other languages" in html
    for language in ("fr", "de", "es", "nl"):
        assert page(staffed, language) in html
    assert page(staffed, "en") not in html  # the badge's own language


def test_an_editor_adds_a_french_version_and_sees_it_listed(client, staffed):
    client.force_login(staffed.editor)
    form = client.get(page(staffed)).content.decode()
    assert "Sea Survival" in form and 'lang="fr"' in form  # the original beside the form
    response = client.post(page(staffed), {**FRENCH, "action": "save"})
    assert response.status_code == 302 and response["Location"] == edit_page(staffed)
    translation = staffed.badge.translations.get()
    assert (translation.language, translation.name) == ("fr", "Survie en mer")
    assert "<strong>en piscine</strong>" in translation.criteria_html
    html = client.get(edit_page(staffed)).content.decode()
    assert "Survie en mer" in html and "the version in French was saved" in html


def test_a_bad_version_gets_field_errors_and_nothing_is_saved(client, staffed):
    client.force_login(staffed.editor)
    response = client.post(page(staffed), {**FRENCH, "name": "", "action": "save"})
    assert response.status_code == 400
    assert 'class="field-error"' in response.content.decode()
    response = client.post(page(staffed), {**FRENCH, "description": "bell \x07", "action": "save"})
    assert response.status_code == 400
    assert "U+0007" in response.content.decode()
    assert not staffed.badge.translations.exists()


def test_a_version_edited_before_the_badge_changed_is_flagged_and_can_be_removed(client, staffed):
    client.force_login(staffed.editor)
    client.post(page(staffed), {**FRENCH, "action": "save"})
    badge_class_update(
        badge_class=staffed.badge, user=staffed.editor, description="Survives at sea, now."
    )
    assert "the badge changed since" in client.get(edit_page(staffed)).content.decode()
    assert "check that it still says the same" in client.get(page(staffed)).content.decode()
    response = client.post(page(staffed), {"action": "delete"})
    assert response.status_code == 302
    assert not staffed.badge.translations.exists()


def test_a_language_the_site_does_not_offer_is_not_found(client, staffed):
    client.force_login(staffed.editor)
    assert client.get(page(staffed, "it")).status_code == 404
    assert client.get(page(staffed, "en")).status_code == 404


def test_staff_without_the_right_to_edit_badges_may_not_translate(client, staffed):
    client.force_login(staffed.staff)
    assert client.post(page(staffed), {**FRENCH, "action": "save"}).status_code == 403
    assert not staffed.badge.translations.exists()
