"""The site's name as its editors set it, for apps below the pages: the page layer (portal)
says how to read it when it starts (site_name_read_with)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest

_read: Callable[[HttpRequest], str] | None = None


def site_name(request: HttpRequest | None) -> str:
    """The name of the site the request came to; the configured name without a request."""
    if request is None or _read is None:
        return settings.WAGTAIL_SITE_NAME
    return _read(request)


def site_name_read_with(read: Callable[[HttpRequest], str]) -> None:
    global _read
    _read = read
