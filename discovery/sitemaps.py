"""sitemap.xml: an index of sections for public badge and issuer pages and the Wagtail pages.

Sections are paged (?p=2) at 10,000 URLs, so a catalogue of any size stays within the
sitemap protocol's limits.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from . import selectors


class EntitySitemap(Sitemap):
    limit = 10_000
    changefreq = "weekly"
    url_name = ""

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


SITEMAPS = {"pages": WagtailSitemap, "badges": BadgeSitemap, "issuers": IssuerSitemap}
