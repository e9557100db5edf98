"""The site's name as its editors set it, for apps below the pages."""

from django.conf import settings
from django.http import HttpRequest

from .hooks import Hook

# The page layer (portal) provides the name set in the request's site settings.
site_name_for_request = Hook(default=lambda request: settings.WAGTAIL_SITE_NAME)


def site_name(request: HttpRequest | None) -> str:
    """The name of the site the request came to; the configured name without a request."""
    return site_name_for_request(request) if request is not None else settings.WAGTAIL_SITE_NAME
