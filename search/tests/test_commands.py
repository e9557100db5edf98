"""The search commands: rebuild and reconcile."""

import io

import pytest
from django.core.management import CommandError, call_command

from badges.models import BadgeClass
from badges.tests.factories import make_badge, make_issuer
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
