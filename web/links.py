"""Absolute links for emails: always on the public origin (LAUREL_BASE_URL), never built from
the request, whose Host header (port included) is the client's to choose."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (with its query, if any) on the public origin."""
    if not path.startswith("/"):
        raise ValueError(f"An absolute link needs a path starting with '/', not {path!r}.")
    return settings.LAUREL_BASE_URL + path


def rebased_url(url: str) -> str:
    """The same path and query as `url`, on the public origin whatever host `url` names."""
    parts = urlsplit(url)
    return absolute_url((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))


def public_host() -> str:
    """The public origin's host (and port, if it names one), for text that shows the site."""
    return urlsplit(settings.LAUREL_BASE_URL).netloc
