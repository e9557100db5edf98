"""The awards list of a badge a page at a time: keyset cursors, a fixed number of queries
whatever the list's length, refused cursors, and the bulk actions from any page."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from badges.models import Assertion
from badges.tests.scale import bulk_awards, index_definition
from web.keyset import PAGE_SIZE, encode

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"workspace:{name}", args=args)


def recipients(html: str) -> list[str]:
    return re.findall(r'<label for="award-[^"]+">([^<]+)</label>', html)


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', html)
    return unescape(found.group(1)) if found else None


@pytest.fixture
def as_owner(client, staffed):
    client.force_login(staffed.owner)
    return client


def test_every_award_is_on_exactly_one_page_older_then_newer(as_owner, staffed):
    bulk_awards(staffed.badge, 2 * PAGE_SIZE + 7, per_minute=3)
    page = url("awards", staffed.issuer.entity_id, staffed.badge.entity_id)
    html = as_owner.get(page).content.decode()
    assert link(html, "prev") is None
    pages, seen = [], []
    while True:
        pages.append(html)
        seen += recipients(html)
        if (older := link(html, "next")) is None:
            break
        html = as_owner.get(page + older).content.decode()
    assert len(pages) == 3 and len(seen) == len(set(seen)) == 2 * PAGE_SIZE + 8
    expected = list(
        Assertion.objects.filter(badge_class=staffed.badge)
        .order_by("-issued_on", "-pk")
        .values_list("recipient_identity", flat=True)
    )
    assert seen == expected
    # Back up the way we came: each Newer page is the page we saw before it.
    for before in reversed(pages[:-1]):
        html = as_owner.get(page + link(html, "prev")).content.decode()
        assert recipients(html) == recipients(before)
    assert link(html, "prev") is None


def test_filters_and_search_are_carried_by_the_page_links(as_owner, staffed):
    bulk_awards(staffed.badge, PAGE_SIZE + 5, revoked=True, prefix="gone")
    bulk_awards(staffed.badge, 10)
    page = url("awards", staffed.issuer.entity_id, staffed.badge.entity_id)
    html = as_owner.get(page, {"show": "revoked", "q": "GONE"}).content.decode()
    older = link(html, "next")
    assert "show=revoked" in older and "q=GONE" in older
    rest = recipients(as_owner.get(page + older).content.decode())
    assert len(rest) == 5 and all(r.startswith("gone") for r in rest)


def queries_of(client, address: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_a_page_takes_the_same_queries_whatever_the_list_length(as_owner, staffed):
    page = url("awards", staffed.issuer.entity_id, staffed.badge.entity_id)
    bulk_awards(staffed.badge, PAGE_SIZE + 5)
    as_owner.get(page)  # what a first request of the session loads once
    few = queries_of(as_owner, page)
    older = link(as_owner.get(page).content.decode(), "next")
    few_older = queries_of(as_owner, page + older + "&q=r0")
    bulk_awards(staffed.badge, 3 * PAGE_SIZE, prefix="more")
    many = queries_of(as_owner, page)
    many_older = queries_of(as_owner, page + older + "&q=r0")
    # The budget includes the issuer's institutional sign-in rule and the page's wallet
    # collections (one read each per page).
    assert len(few) == len(many) == len(few_older) == len(many_older) <= 15
    # One read of the page of awards and one of their renewals; never a COUNT of the list.
    assert sum('FROM "badges_assertion"' in sql for sql in many) == 2
    assert not any("COUNT(" in sql.upper() for sql in many + many_older)


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!",
        "bm90LWEtY3Vyc29y",  # base64 of "not-a-cursor"
        encode("x", timezone.now(), 1),
        encode("o", timezone.now(), 2**70),
        encode("o", timezone.now().replace(tzinfo=None), 1),
    ],
    # Fixed ids: parallel workers must collect the same test names.
    ids=["garbage", "not-base64-cursor", "unknown-direction", "huge-id", "naive-time"],
)
def test_a_cursor_the_list_did_not_give_is_refused_with_400(as_owner, staffed, cursor):
    page = url("awards", staffed.issuer.entity_id, staffed.badge.entity_id)
    response = as_owner.get(page, {"cursor": cursor})
    assert response.status_code == 400
    assert "open the list again" in response.content.decode()


def test_an_award_ticked_on_an_older_page_is_revoked(as_owner, staffed):
    bulk_awards(staffed.badge, PAGE_SIZE + 3)
    page = url("awards", staffed.issuer.entity_id, staffed.badge.entity_id)
    html = as_owner.get(page + link(as_owner.get(page).content.decode(), "next")).content.decode()
    ticked = re.findall(r'name="award" value="([^"]+)"', html)[:2]
    revoke = url("award-revoke", staffed.issuer.entity_id, staffed.badge.entity_id)
    response = as_owner.post(revoke, {"award": ticked, "reason": "Mistake"})
    assert response.status_code == 302
    assert Assertion.objects.filter(entity_id__in=ticked, revoked=True).count() == 2


def test_recipient_search_has_a_prefix_index_on_what_istartswith_compares_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("an expression index of PostgreSQL's; SQLite's search scans")
    definition = index_definition("assertion_recipient_prefix_idx")
    assert "btree (upper((recipient_identity)::text) text_pattern_ops)" in definition
    # Django writes istartswith as UPPER(column::text) LIKE UPPER(pattern): the same expression.
    sql = str(Assertion.objects.filter(recipient_identity__istartswith="ada").query)
    assert 'UPPER("badges_assertion"."recipient_identity"::text) LIKE UPPER(' in sql


def test_the_search_finds_recipients_by_the_start_of_their_address(as_owner, staffed):
    bulk_awards(staffed.badge, 3, prefix="ada")
    bulk_awards(staffed.badge, 2, prefix="grace")
    page = url("awards", staffed.issuer.entity_id, staffed.badge.entity_id)
    found = recipients(as_owner.get(page, {"q": "ADA0"}).content.decode())
    assert sorted(found) == ["ada0000@example.org", "ada0001@example.org", "ada0002@example.org"]
    assert recipients(as_owner.get(page, {"q": "example.org"}).content.decode()) == []
