"""The issuer's revocation list: one Open Badges 2.0 document, cached in slices of award ids
so that a revocation re-reads one slice, not the whole list."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from badges import public, revocation_list
from badges.openbadges.ob2 import public_url
from badges.services.awards import assertion_award, assertion_revoke_batch
from badges.services.public_documents import operator_saved
from badges.tests.factories import make_badge, make_issuer
from badges.tests.scale import bulk_awards, index_definition

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_slices(monkeypatch):
    monkeypatch.setattr(revocation_list, "SLICE_IDS", 4)


def listed(issuer) -> list[str]:
    document = json.loads(public.get_document("revocations", issuer.entity_id).body)
    return [entry["id"] for entry in document["revokedAssertions"]]


def url(award) -> str:
    return public_url("assertions", award.entity_id)


def test_the_sliced_list_is_the_same_document_as_read_whole(small_slices):
    badge = make_badge(make_issuer())
    bulk_awards(badge, 9, revoked=False, prefix="live")
    gone = bulk_awards(badge, 11, revoked=True, prefix="gone")
    bulk_awards(make_badge(make_issuer()), 5, revoked=True, prefix="elsewhere")
    cached = public.get_document("revocations", badge.issuer.entity_id)
    whole = public.render("revocations", badge.issuer.entity_id)
    assert cached.body == whole.body and cached.etag == whole.etag
    document = json.loads(cached.body)
    assert document["type"] == "RevocationList"
    assert [e["id"] for e in document["revokedAssertions"]] == [url(a) for a in gone]
    assert document["revokedAssertions"][0]["revocationReason"] == "Reason 0"


def test_an_issuer_with_nothing_revoked_has_an_empty_list():
    issuer = make_issuer()
    assert listed(issuer) == []
    assert (
        json.loads(public.render("revocations", issuer.entity_id).body)["revokedAssertions"] == []
    )


@pytest.mark.parametrize("revoked_before", [3, 40])
def test_a_revocation_rereads_one_slice_in_the_same_queries_whatever_the_list(
    small_slices, django_capture_on_commit_callbacks, revoked_before
):
    badge = make_badge(make_issuer())
    bulk_awards(badge, revoked_before, revoked=True, prefix="gone")
    live = bulk_awards(badge, 3, revoked=False, prefix="live")
    listed(badge.issuer)  # every slice cached
    with django_capture_on_commit_callbacks(execute=True):
        assertion_revoke_batch(assertions=[live[1]], user=None, reason="Copied")
    with CaptureQueriesContext(connection) as captured:
        assert url(live[1]) in listed(badge.issuer)
    # The issuer, the bounds of its revoked ids, and the one slice the award falls in.
    assert len(captured.captured_queries) == 3
    slice_read = captured.captured_queries[-1]["sql"]
    assert '"badges_assertion"."id" >=' in slice_read and '"badges_assertion"."id" <' in slice_read
    with CaptureQueriesContext(connection) as warm:
        listed(badge.issuer)
    assert len(warm.captured_queries) == 0


def test_an_award_an_operator_deletes_or_unrevokes_leaves_the_list(
    small_slices, django_capture_on_commit_callbacks
):
    badge = make_badge(make_issuer())
    gone = bulk_awards(badge, 6, revoked=True, prefix="gone")
    assert len(listed(badge.issuer)) == 6
    with django_capture_on_commit_callbacks(execute=True):
        gone[0].revoked = False
        gone[0].save()
        operator_saved(gone[0])
        pk = gone[5].pk
        gone[5].delete()
        operator_saved(gone[5], deleted_pk=pk)
    assert listed(badge.issuer) == [url(a) for a in gone[1:5]]


def test_a_revocation_through_the_service_reaches_the_list_at_once(
    django_capture_on_commit_callbacks,
):
    badge = make_badge(make_issuer(owner=UserFactory()))
    awards = [
        assertion_award(badge_class=badge, user=None, recipient_identity=f"{n}@b.org")
        for n in range(3)
    ]
    assert listed(badge.issuer) == []
    with django_capture_on_commit_callbacks(execute=True):
        assertion_revoke_batch(assertions=awards[:2], user=None, reason="Withdrawn")
    assert listed(badge.issuer) == [url(a) for a in awards[:2]]


def test_the_list_has_a_partial_index_covering_what_it_shows_on_postgresql():
    # The plan itself depends on the table's size (with a few rows any index does), so the
    # index's shape is what is checked: revoked rows only, by issuer and id, covering both
    # columns shown, so that at scale a slice is an index-only range scan.
    if connection.vendor != "postgresql":
        pytest.skip("partial covering indexes are PostgreSQL's")
    definition = index_definition("assertion_revoked_list_idx")
    assert "(issuer_id, id) INCLUDE (entity_id, revocation_reason) WHERE revoked" in definition
