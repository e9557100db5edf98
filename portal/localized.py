"""Pages in several languages (wagtail-localize): a page not yet translated still answers.

Wagtail routes a request through the home page of the active language's tree. Once a home
page is translated, a page its tree lacks would be a 404 in that language; the fallback
routes it through the default language's tree instead, so a French visitor reads the
English page until an editor translates it.
"""

from django.http import Http404
from wagtail.models import Locale


class DefaultLocaleFallback:
    """Mixed into the home page, the root of each language's tree."""

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            default = Locale.get_default()
            if self.locale_id == default.pk:
                raise
            original = self.get_translation_or_none(default)
            if original is None or not original.live:
                raise
            return original.specific.route(request, path_components)
