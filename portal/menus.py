"""The site's main menu, cached until a page is published, unpublished, moved or deleted.

Every page shows the menu, so it must not cost queries on every view; the cache holds a
small list of titles and URLs per site and is dropped whenever the page tree changes.
"""

import uuid

from django.core.cache import cache
from wagtail.models import Site

VERSION_KEY = "portal:menu-version"
TIMEOUT = 60 * 60


def main_menu_items(site: Site) -> list[dict]:
    """[{"title", "url"}] of the live, public pages under the site's root shown in menus."""
    version = cache.get_or_set(VERSION_KEY, lambda: uuid.uuid4().hex, None)
    key = f"portal:menu:{site.pk}:{version}"
    items = cache.get(key)
    if items is None:
        pages = site.root_page.get_children().live().public().in_menu()
        items = [{"title": page.title, "url": page.get_url()} for page in pages]
        cache.set(key, items, TIMEOUT)
    return items


def main_menu_changed(**kwargs) -> None:
    """Signal receiver: forget every cached menu (a new version key makes the old ones unused)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
