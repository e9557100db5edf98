"""The search commands: rebuild, reconcile, and the generated catalogue."""

import io

import pytest
from django.core.management import CommandError, call_command

from badges.models import Assertion, BadgeClass, Issuer
from badges.tests.factories import make_badge, make_issuer
from search.models import SearchDocument
from search.types import BADGES, SearchQuery


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_rebuild_indexes_every_kind_with_a_progress_bar(backend):
    make_badge(make_issuer(name="Harbour College"), name="Sea Kayaking")
    out, err = run("search_rebuild")
    assert "badges: 1 document(s) indexed" in out
    assert "issuers: 1 document(s) indexed" in out
    assert "[##############################] 1/1" in err
    assert backend.search(SearchQuery(index=BADGES, text="kayaking")).total == 1


def test_reconcile_reports_and_repairs_drift_and_check_only_reports(backend):
    badge = make_badge(make_issuer(), name="Sea Kayaking")
    run("search_rebuild")
    BadgeClass.objects.filter(pk=badge.pk).update(name="River Rafting")  # behind sync's back
    with pytest.raises(CommandError, match="drifted") as failure:
        run("search_reconcile", "--check", "--kind", "badges")
    assert failure.value.returncode == 1
    out, _ = run("search_reconcile", "--kind", "badges")
    assert out.strip().startswith("badges: 0 missing, ") and "repaired" in out
    assert backend.search(SearchQuery(index=BADGES, text="rafting")).total == 1
    out, _ = run("search_reconcile", "--check")
    assert "badges: 0 missing, 0 stale, 0 extra" in out


def test_generate_catalogue_makes_the_same_catalogue_for_a_seed_and_indexes_it(backend):
    run("generate_catalogue", "--badges", "60", "--issuers", "4", "--seed", "7")
    assert BadgeClass.objects.count() == 60
    assert Issuer.objects.count() == 4
    assert Assertion.objects.exists()
    names = list(BadgeClass.objects.order_by("pk").values_list("name", flat=True))
    assert len(set(BadgeClass.objects.values_list("created_at", flat=True))) > 50
    assert SearchDocument.objects.filter(kind=BADGES).count() == 60
    results = backend.search(SearchQuery(index=BADGES, facets=("issuer", "language")))
    assert results.total == 60
    assert len(results.facets["issuer"]) == 4
    Assertion.objects.all().delete()
    BadgeClass.objects.all().delete()
    run("generate_catalogue", "--badges", "60", "--issuers", "4", "--seed", "7", "--no-index")
    assert list(BadgeClass.objects.order_by("pk").values_list("name", flat=True)) == names
