"""Index sync: saving badges, issuers, awards and pathways keeps public search up to date."""

import pytest

from badges.services.awards import assertion_award_batch, assertion_revoke
from badges.services.badge_classes import (
    badge_class_archive,
    badge_class_delete,
    badge_class_update,
)
from badges.services.issuers import issuer_update
from badges.tests.factories import make_badge, make_issuer
from outbox.models import OutboxMessage
from portal.demo import add_page, badge_step
from portal.models import HomePage, PathwayIndexPage, PathwayPage
from search.types import BADGES, ISSUERS, PATHWAYS, SearchQuery


@pytest.fixture
def synced(backend, django_capture_on_commit_callbacks):
    """Run what services queue after commit (outbox delivery, then the search batch)."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


def names(backend, text="", kind=BADGES, **options) -> list[str]:
    results = backend.search(SearchQuery(index=kind, text=text, page_size=100, **options))
    return sorted(hit.fields["name"] for hit in results.hits)


def test_a_new_badge_is_found_once_saved(backend, synced):
    issuer = synced(make_issuer, name="Harbour College")
    synced(make_badge, issuer, name="Sea Kayaking", description="Paddle safely on the sea.")
    assert names(backend, "kayaking") == ["Sea Kayaking"]
    assert names(backend, "harbour", kind=ISSUERS) == ["Harbour College"]
    assert not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()


def test_editing_a_badge_updates_what_search_finds(backend, synced):
    badge = synced(make_badge, synced(make_issuer), name="Sea Kayaking")
    synced(badge_class_update, badge_class=badge, user=None, name="River Rafting")
    assert names(backend, "kayaking") == []
    assert names(backend, "rafting") == ["River Rafting"]


def test_archived_and_private_badges_leave_search(backend, synced):
    issuer = synced(make_issuer)
    kayak = synced(make_badge, issuer, name="Sea Kayaking")
    raft = synced(make_badge, issuer, name="River Rafting")
    synced(badge_class_archive, badge_class=kayak, user=None)
    synced(badge_class_update, badge_class=raft, user=None, is_public=False)
    assert names(backend) == []
    assert names(backend, kind=ISSUERS) == [], "an issuer with no public badge is not listed"
    synced(badge_class_archive, badge_class=kayak, user=None, archived=False)
    assert names(backend) == ["Sea Kayaking"]


def test_awards_raise_the_earned_count_in_one_batch(backend, synced):
    badge = synced(make_badge, synced(make_issuer), name="Sea Kayaking")
    rows = [{"recipient_identity": f"paddler{n}@example.org"} for n in range(12)]
    synced(assertion_award_batch, badge_class=badge, user=None, rows=rows, notify=False)
    hit = backend.search(SearchQuery(index=BADGES, text="kayaking")).hits[0]
    assert hit.fields["earned_count"] == 12
    search_messages = OutboxMessage.objects.filter(topic="search.index")
    assert search_messages.filter(delivered_at__isnull=True).count() == 0
    first_award = badge.assertions.first()
    synced(assertion_revoke, assertion=first_award, user=None, reason="Mistake")
    hit = backend.search(SearchQuery(index=BADGES, text="kayaking")).hits[0]
    assert hit.fields["earned_count"] == 11


def test_renaming_an_issuer_updates_its_badges(backend, synced):
    owner_issuer = synced(make_issuer, name="Harbour College")
    synced(make_badge, owner_issuer, name="Sea Kayaking")
    owner = owner_issuer.staff.get().user
    synced(issuer_update, issuer=owner_issuer, user=owner, name="Estuary College")
    results = backend.search(SearchQuery(index=BADGES, text="estuary", facets=("issuer",)))
    assert [hit.fields["name"] for hit in results.hits] == ["Sea Kayaking"]
    assert [value.value for value in results.facets["issuer"]] == ["Estuary College"]


def test_deleting_a_badge_removes_it_from_search(backend, synced):
    issuer = synced(make_issuer)
    badge = synced(make_badge, issuer, name="Sea Kayaking")
    synced(badge_class_delete, badge_class=badge, user=None)
    assert names(backend) == []


def test_a_published_pathway_is_found_and_named_on_its_badges(backend, synced):
    badge = synced(make_badge, synced(make_issuer), name="Sea Kayaking")
    home = HomePage.objects.get()
    index = synced(add_page, home, PathwayIndexPage(title="Pathways", slug="pathways"))
    page = synced(
        add_page,
        index,
        PathwayPage(title="Coastal Explorer", slug="coastal", steps=[badge_step(badge)]),
    )
    assert names(backend, "explorer", kind=PATHWAYS) == ["Coastal Explorer"]
    hit = backend.search(SearchQuery(index=BADGES, text="kayaking")).hits[0]
    assert hit.fields["pathways"] == ["Coastal Explorer"]
    assert names(backend, "coastal explorer") == ["Sea Kayaking"]
    synced(page.delete)
    assert names(backend, "explorer", kind=PATHWAYS) == []
    hit = backend.search(SearchQuery(index=BADGES, text="kayaking")).hits[0]
    assert hit.fields["pathways"] == []


def test_the_nightly_reconcile_repairs_what_sync_missed(backend):
    from search.tasks import reconcile

    badge = make_badge(make_issuer(), name="Sea Kayaking")  # saved, never synced
    assert names(backend, "kayaking") == []
    repaired = reconcile()
    assert repaired[BADGES] > 0 and repaired[ISSUERS] > 0 and repaired[PATHWAYS] == 0
    assert names(backend, "kayaking") == [badge.name]
    assert reconcile() == {BADGES: 0, ISSUERS: 0, PATHWAYS: 0}


def test_a_repair_writes_the_row_as_it_is_then_not_as_the_comparison_read_it(
    backend, synced, monkeypatch
):
    """A badge saved between reconcile's comparison and its repair keeps its new name."""
    from badges.models import BadgeClass
    from discovery.documents import documents as real_documents
    from search import services

    badge = synced(make_badge, synced(make_issuer), name="Sea Kayaking")
    BadgeClass.objects.filter(pk=badge.pk).update(name="River Rafting")  # drift: no sync

    def documents_then_a_save(kind, **options):
        yield from real_documents(kind, **options)
        if kind == BADGES and "ids" not in options:  # the comparison has read every row
            BadgeClass.objects.filter(pk=badge.pk).update(name="Lake Canoeing")

    monkeypatch.setattr(services, "documents", documents_then_a_save)
    report = services.index_reconcile(kind=BADGES)
    # Elasticsearch counts its own copy and the database's fallback copy.
    assert (report.ids, report.missing, report.extra, report.repaired) == (
        {str(badge.pk)},
        0,
        0,
        True,
    )
    assert names(backend, "canoeing") == ["Lake Canoeing"]
    assert names(backend, "rafting") == []
