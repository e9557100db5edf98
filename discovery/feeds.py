"""An Atom feed of the newest public badges."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from badges.openbadges.baking import XML_ILLEGAL

from . import selectors


def xml_text(value: str) -> str:
    """Text as XML can hold it: badges saved before control characters were refused, or
    through a path that does not check, must not break the whole feed."""
    return XML_ILLEGAL.sub("", value)


class NewBadgesFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("New badges on %(site)s") % {"site": settings.WAGTAIL_SITE_NAME}

    def subtitle(self) -> str:
        return _("Badge classes most recently published by the issuers on %(site)s.") % {
            "site": settings.WAGTAIL_SITE_NAME
        }

    def link(self) -> str:
        return reverse("discovery:discover") + "?sort=newest"

    def items(self):
        return selectors.new_badges(limit=50)

    def item_title(self, item) -> str:
        return xml_text(item.name)

    def item_description(self, item) -> str:
        return xml_text(item.description)

    def item_link(self, item) -> str:
        return reverse("discovery:badge", args=[item.entity_id])

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item) -> str:
        return xml_text(item.issuer.name)

    def item_author_link(self, item) -> str:
        return reverse("discovery:issuer", args=[item.issuer.entity_id])

    def item_categories(self, item) -> list[str]:
        return [xml_text(tag) for tag in item.tags]
