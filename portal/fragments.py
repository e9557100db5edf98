"""Rendered catalogue bodies, cached until a badge, issuer or page they may show changes.

A catalogue page can hold a hundred badge cards; rendering them is most of the page's time.
The rendered body depends only on the page's live revision and on badge classes, issuers and
pathways, never on who is looking, so it is kept in the cache under a key with a version that
the outbox handlers in portal/handlers.py replace whenever one of those changes. Award counts
(the "most earned" order of rule lists) are not tracked: such lists follow within
LAUREL_CATALOGUE_CACHE_SECONDS.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

VERSION_KEY = "portal:catalogue-version"


def catalogue_body_key(page, request) -> str | None:
    """The cache key of a catalogue page's rendered body, or None when it must not be cached
    (previews, which render an unpublished revision, and caching turned off). The body's own
    words (headings, buttons) are translated, so each language has its own copy."""
    if not settings.LAUREL_CATALOGUE_CACHE_SECONDS or getattr(request, "is_preview", False):
        return None
    version = cache.get_or_set(VERSION_KEY, lambda: uuid.uuid4().hex, None)
    return f"portal:catalogue:{page.pk}:{page.live_revision_id}:{get_language()}:{version}"


def catalogue_changed(**kwargs) -> None:
    """Forget every cached catalogue body (a new version makes the old keys unused)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
