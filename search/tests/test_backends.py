"""Loading backends from LAUREL_SEARCH, and the base class every engine fills in."""

import pytest
from django.test import override_settings

from search import get_backend
from search.backends import InvalidSearchBackendError
from search.backends.base import BaseSearchBackend
from search.types import SearchQuery


def test_an_unknown_backend_alias_names_the_setting_to_fix():
    with pytest.raises(InvalidSearchBackendError, match="LAUREL_SEARCH"):
        get_backend("nope")


def test_a_backend_path_that_does_not_import_is_a_clear_error():
    broken = {"default": {"BACKEND": "search.backends.nope.Backend"}}
    with (
        override_settings(LAUREL_SEARCH=broken),
        pytest.raises(InvalidSearchBackendError, match="Could not import"),
    ):
        get_backend()


def test_the_base_class_leaves_every_method_to_the_engines():
    base = BaseSearchBackend(alias="default", params={})
    calls = [
        lambda: base.index("badges", []),
        lambda: base.delete("badges", []),
        lambda: base.search(SearchQuery(index="badges")),
        lambda: base.suggest("py"),
        lambda: base.more_like_this("badges", "1"),
        lambda: base.rebuild("badges", []),
        lambda: base.reconcile("badges", []),
        base.health,
    ]
    for call in calls:
        with pytest.raises(NotImplementedError):
            call()


def test_without_elasticsearch_the_database_backend_answers(settings):
    settings.LAUREL_SEARCH = {"default": {"BACKEND": "search.backends.database.DatabaseBackend"}}
    assert get_backend().name == "database"
