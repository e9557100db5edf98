"""Share links for a badge or a collection: LinkedIn's "add to profile", X, Facebook, email."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .items import BackpackItem


def badge_share_links(item: BackpackItem, site_name: str) -> dict[str, str]:
    url = item.absolute_share_url
    text = _("I earned %(badge)s from %(issuer)s") % {
        "badge": item.name,
        "issuer": item.issuer_name,
    }
    linkedin = {
        "startTask": "CERTIFICATION_NAME",
        "name": item.name,
        "organizationName": item.issuer_name,
        "certUrl": url,
        "certId": item.entity_id,
    }
    if item.issued_on:
        linkedin |= {"issueYear": item.issued_on.year, "issueMonth": item.issued_on.month}
    if item.expires:
        linkedin |= {"expirationYear": item.expires.year, "expirationMonth": item.expires.month}
    return {
        "linkedin": "https://www.linkedin.com/profile/add?" + urlencode(linkedin),
        **_links(url, text, site_name),
    }


def collection_share_url(entity_id: str) -> str:
    """The absolute URL of a public collection's share page."""
    return settings.LAUREL_BASE_URL + reverse("backpack:share-collection", args=[entity_id])


def collection_share_links(url: str, name: str, site_name: str) -> dict[str, str]:
    return _links(url, _("My badges: %(collection)s") % {"collection": name}, site_name)


def _links(url: str, text: str, site_name: str) -> dict[str, str]:
    return {
        "x": "https://x.com/intent/post?" + urlencode({"text": text, "url": url}),
        "facebook": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        "email": "mailto:?"
        + urlencode({"subject": f"{text} ({site_name})", "body": f"{text}: {url}"}).replace(
            "+", "%20"
        ),
    }
