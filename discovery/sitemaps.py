"""sitemap.xml: an index of sections for public badge and issuer pages and the Wagtail pages.

Sections are paged (?p=2) at 10,000 URLs, so a catalogue of any size stays within the
sitemap protocol's limits. Every URL names its language versions (hreflang alternates):
badge and issuer pages answer at /<language>/... in every language; a Wagtail page lists
the translations its editors made, each at its own address.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import Page

from . import selectors


class PageSitemap(WagtailSitemap):
    """The site's pages in every language: the home page's tree and its translations' trees."""

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = root.get_translations(inclusive=True)
        query = Page.objects.none()
        for tree in roots:
            query |= Page.objects.descendant_of(tree, inclusive=True)
        return query.live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        versions = defaultdict(list)
        for version in (
            Page.objects.live()
            .public()
            .filter(translation_key__in={p.translation_key for p in pages})
            .select_related("locale")
        ):
            versions[version.translation_key].append(version)
        origin = f"{protocol}://{domain}"
        urls = []
        for item in pages:
            alternates = [
                {"lang_code": v.locale.language_code, "location": self.absolute(v, origin)}
                for v in versions[item.translation_key]
                if v.get_url_parts(self.request)
            ]
            default = [a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE]
            if default:
                alternates.append({"lang_code": "x-default", "location": default[0]["location"]})
            urls.append(
                {
                    "item": item,
                    "location": self.absolute(item, origin),
                    "lastmod": self.lastmod(item),
                    "alternates": alternates if len(alternates) > 2 else [],
                }
            )
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls

    def absolute(self, page, origin: str) -> str:
        """The page's address on the host the sitemap is served from, as the badge and issuer
        sections give theirs."""
        return origin + page.get_url_parts(self.request)[2]


class EntitySitemap(Sitemap):
    limit = 10_000
    changefreq = "weekly"
    url_name = ""
    # One entry per language (/fr/badges/...), each naming the others.
    i18n = True
    alternates = True
    x_default = True

    def location(self, obj) -> str:
        return reverse(self.url_name, args=[obj.entity_id])

    def lastmod(self, obj):
        return obj.updated_at

    def get_latest_lastmod(self):
        # One aggregate, rather than Django's default of reading every item.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class BadgeSitemap(EntitySitemap):
    url_name = "discovery:badge"

    def items(self):
        return (
            selectors.public_badge_list()
            .select_related(None)
            .only("entity_id", "updated_at")
            .order_by("pk")
        )


class IssuerSitemap(EntitySitemap):
    url_name = "discovery:issuer"

    def items(self):
        return selectors.issuer_directory().only("entity_id", "updated_at").order_by("pk")


SITEMAPS = {"pages": PageSitemap, "badges": BadgeSitemap, "issuers": IssuerSitemap}
