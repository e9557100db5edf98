"""A badge class saved as a draft is seen nowhere public until it is published."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from badges.services.awards import assertion_award
from badges.services.badge_classes import badge_class_publish
from badges.tests.factories import make_badge, make_issuer
from discovery.documents import indexable
from search.types import BADGES

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    issuer = make_issuer()
    return make_badge(issuer, name="Work in Progress", draft=True)


def owner_of(badge):
    return badge.issuer.staff.get().user


def test_a_draft_has_no_public_document_page_search_entry_or_sitemap_line(client, draft):
    assert client.get(f"/public/badges/{draft.entity_id}.json").status_code == 404
    assert client.get(reverse("discovery:badge", args=[draft.entity_id])).status_code == 404
    assert not indexable(BADGES).filter(pk=draft.pk).exists()
    assert draft.entity_id not in client.get("/sitemap-badges.xml").content.decode()


def test_a_draft_cannot_be_awarded(draft):
    with pytest.raises(ValidationError, match="is a draft: publish it"):
        assertion_award(badge_class=draft, user=owner_of(draft), recipient_identity="a@example.org")


def test_publishing_a_draft_makes_it_public_everywhere(client, draft):
    badge_class_publish(badge_class=draft, user=owner_of(draft))
    assert client.get(f"/public/badges/{draft.entity_id}.json").status_code == 200
    assert client.get(reverse("discovery:badge", args=[draft.entity_id])).status_code == 200
    assert indexable(BADGES).filter(pk=draft.pk).exists()
    assert draft.entity_id in client.get("/sitemap-badges.xml").content.decode()
