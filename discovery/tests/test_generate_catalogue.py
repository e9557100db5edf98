"""The generated catalogue command: the same catalogue for a seed, indexed for search."""

import io

from django.core.management import call_command

from badges.models import Assertion, BadgeClass, Issuer
from search.models import SearchDocument
from search.types import BADGES, SearchQuery


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


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
