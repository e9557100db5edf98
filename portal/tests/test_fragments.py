"""Catalogue pages keep their rendered badge cards until a badge or issuer changes."""

import pytest

from badges.services.badge_classes import badge_class_update
from badges.tests.factories import make_badge
from portal.demo import add_page, stream_block
from portal.models import CataloguePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.LAUREL_CATALOGUE_CACHE_SECONDS = 300


@pytest.fixture
def page(catalogue_index, issuer):
    badge = make_badge(issuer, name="Data basics")
    page = add_page(
        catalogue_index,
        CataloguePage(title="Data", slug="data", body=[stream_block("badge", badge.pk)]),
    )
    return page, badge


def test_a_cached_catalogue_is_read_without_the_badge_queries(
    cached, client, page, django_assert_max_num_queries
):
    page, _ = page
    client.get(page.url)
    with django_assert_max_num_queries(10) as queries:
        again = client.get(page.url).content
    assert again.count(b'class="card badge-card"') == 1
    assert b"Data basics" in again
    assert not [q for q in queries.captured_queries if "badges_badgeclass" in q["sql"]]


def test_a_renamed_badge_shows_at_once(cached, client, page, django_capture_on_commit_callbacks):
    page, badge = page
    assert b"Data basics" in client.get(page.url).content
    with django_capture_on_commit_callbacks(execute=True):
        badge_class_update(badge_class=badge, user=None, name="Data foundations")
    html = client.get(page.url).content
    assert b"Data foundations" in html and b"Data basics" not in html


def test_a_newly_published_revision_shows_at_once(cached, client, page):
    page, _ = page
    client.get(page.url)
    page.body = [stream_block("text", "<p>Coming soon.</p>")]
    page.save_revision().publish()
    html = client.get(page.url).content
    assert b"Coming soon." in html and b"Data basics" not in html


def test_turned_off_it_renders_every_time(settings, client, page):
    settings.LAUREL_CATALOGUE_CACHE_SECONDS = 0
    page, badge = page
    client.get(page.url)
    type(badge).objects.filter(pk=badge.pk).update(name="Renamed behind the outbox")
    assert b"Renamed behind the outbox" in client.get(page.url).content
